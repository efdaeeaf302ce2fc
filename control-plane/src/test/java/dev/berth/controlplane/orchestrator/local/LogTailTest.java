package dev.berth.controlplane.orchestrator.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {
  @TempDir Path dir;

  @Test
  void theLastNonBlankLinesAreKept() throws Exception {
    Path log = dir.resolve("a.log");
    Files.writeString(log, "one\ntwo\n\nthree\r\nfour\nfive\nsix\n\n");

    assertThat(LogTail.of(log, 5)).containsExactly("two", "three", "four", "five", "six");
  }

  @Test
  void aLongLogIsReadFromItsEndOnlyAndLongLinesAreCut() throws Exception {
    Path log = dir.resolve("b.log");
    String many =
        IntStream.range(0, 10_000).mapToObj(i -> "line " + i).collect(Collectors.joining("\n"));
    Files.writeString(log, many + "\n" + "x".repeat(1000) + "\n");

    assertThat(LogTail.of(log, 2)).containsExactly("line 9999", "x".repeat(300) + "…");
  }

  @Test
  void aMissingLogHasNoLines() {
    assertThat(LogTail.of(dir.resolve("none.log"), 5)).isEmpty();
  }
}
