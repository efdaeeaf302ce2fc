package dev.berth.runtime.artifact;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Builds tar and tar.gz archives in memory for tests, including the hostile entries a real tar tool
 * refuses to write. Names are stored exactly as given (absolute paths included).
 */
final class TestArchive {

  private record Entry(String name, byte type, String link, byte[] content, int mode) {}

  private final List<Entry> entries = new ArrayList<>();

  static TestArchive create() {
    return new TestArchive();
  }

  TestArchive file(String name, String content) {
    return file(name, content.getBytes(StandardCharsets.UTF_8), 0644);
  }

  TestArchive file(String name, byte[] content, int mode) {
    entries.add(new Entry(name, TarConstants.LF_NORMAL, null, content, mode));
    return this;
  }

  TestArchive executable(String name, String content) {
    return file(name, content.getBytes(StandardCharsets.UTF_8), 0755);
  }

  TestArchive directory(String name) {
    entries.add(new Entry(name, TarConstants.LF_DIR, null, new byte[0], 0755));
    return this;
  }

  TestArchive symlink(String name, String target) {
    entries.add(new Entry(name, TarConstants.LF_SYMLINK, target, new byte[0], 0777));
    return this;
  }

  TestArchive hardlink(String name, String target) {
    entries.add(new Entry(name, TarConstants.LF_LINK, target, new byte[0], 0644));
    return this;
  }

  TestArchive characterDevice(String name) {
    entries.add(new Entry(name, TarConstants.LF_CHR, null, new byte[0], 0600));
    return this;
  }

  /** The archive as a tar.gz. */
  byte[] tarGz() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GzipCompressorOutputStream gz = new GzipCompressorOutputStream(bytes)) {
      writeTar(gz);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** The archive as a plain tar. */
  byte[] tar() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      writeTar(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  Path writeTarGz(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.write(file, tarGz());
  }

  private void writeTar(OutputStream out) throws IOException {
    TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    for (Entry e : entries) {
      // preserveAbsolutePath = true: otherwise Commons Compress strips a leading '/'.
      TarArchiveEntry entry = new TarArchiveEntry(e.name(), e.type(), true);
      entry.setMode(e.mode());
      if (e.link() != null) {
        entry.setLinkName(e.link());
      }
      entry.setSize(e.type() == TarConstants.LF_NORMAL ? e.content().length : 0);
      tar.putArchiveEntry(entry);
      if (e.type() == TarConstants.LF_NORMAL) {
        tar.write(e.content());
      }
      tar.closeArchiveEntry();
    }
    tar.finish();
  }
}
