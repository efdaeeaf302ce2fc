package dev.berth.controlplane.orchestrator.local;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The last lines of an instance's log, to say why it keeps dying. */
final class LogTail {
  private static final int MAX_BYTES = 16 * 1024;
  private static final int MAX_LINE = 300;

  private LogTail() {}

  /** Up to {@code count} last non-blank lines of {@code file}, each cut to 300 characters. */
  static List<String> of(Path file, int count) {
    byte[] bytes;
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long length = raf.length();
      int size = (int) Math.min(length, MAX_BYTES);
      bytes = new byte[size];
      raf.seek(length - size);
      raf.readFully(bytes);
    } catch (IOException e) {
      return List.of();
    }
    List<String> lines =
        Arrays.stream(new String(bytes, StandardCharsets.UTF_8).split("\r?\n"))
            .map(String::strip)
            .filter(line -> !line.isEmpty())
            .map(line -> line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + "…" : line)
            .toList();
    return lines.subList(Math.max(0, lines.size() - count), lines.size());
  }
}
