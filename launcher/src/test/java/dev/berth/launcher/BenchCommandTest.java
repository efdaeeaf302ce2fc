package dev.berth.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code berth bench}'s command line, without sending anything. */
class BenchCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int berth(String... args) {
    CommandLine line = BerthCommand.commandLine();
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    return line.execute(args);
  }

  @Test
  void benchListsItsSubcommands() {
    assertThat(berth("bench", "--help")).isZero();

    assertThat(out.toString()).contains("invoke").contains("sweep").contains("self-test");
  }

  @Test
  void invokeHelpNamesEveryOptionOfTheIssue() {
    assertThat(berth("bench", "invoke", "--help")).isZero();

    assertThat(out.toString())
        .contains("--endpoint-url", "--endpoint-name", "--body", "--content-type", "--accept")
        .contains("--rate", "--concurrency", "--duration", "--warmup", "--target-variant")
        .contains("--region", "--profile", "--output", "default: 60s", "default: 10s");
  }

  @Test
  void sweepHelpFormatsItsPercentSigns() {
    java.io.PrintStream stderr = System.err;
    java.io.ByteArrayOutputStream warnings = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(warnings, true));
    try {
      assertThat(berth("bench", "sweep", "--help")).isZero();
    } finally {
      System.setErr(stderr);
    }

    assertThat(warnings.toString()).doesNotContain("picocli WARN");
    assertThat(out.toString().replaceAll("\\s+", " "))
        .contains("95 percent of the rate")
        .contains("default: 1%)");
  }

  @Test
  void anAtFileIsAPayloadNotMoreArguments(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path body =
        java.nio.file.Files.writeString(dir.resolve("body.json"), "{\"instances\": [[1, 2]]}");

    // Port 1 refuses at once. What matters is that the payload was taken as a payload: the run
    // goes through (0), or stops at signing where no AWS credentials are set up (1), never at
    // parsing (2).
    int code =
        berth(
            "bench",
            "invoke",
            "--endpoint-url",
            "http://127.0.0.1:1",
            "--endpoint-name",
            "e",
            "--body",
            "@" + body,
            "--rate",
            "1",
            "--duration",
            "100ms",
            "--warmup",
            "0s");

    assertThat(err.toString()).doesNotContain("Unmatched argument");
    assertThat(code).isIn(0, 1);
  }

  @Test
  void rateAndConcurrencyExcludeEachOther() {
    int code =
        berth(
            "bench",
            "invoke",
            "--endpoint-url",
            "http://127.0.0.1:1",
            "--endpoint-name",
            "e",
            "--body",
            "@x.json",
            "--rate",
            "10",
            "--concurrency",
            "2");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("mutually exclusive");
  }

  @Test
  void sweepNeedsAnSlo() {
    int code =
        berth(
            "bench",
            "sweep",
            "--endpoint-url",
            "http://127.0.0.1:1",
            "--endpoint-name",
            "e",
            "--body",
            "@x.json");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--slo");
  }

  @Test
  void selfTestRefusesNothingInFlightByNamingTheFlag() {
    java.io.PrintStream stderr = System.err;
    java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(printed, true));
    int code;
    try {
      code = berth("bench", "self-test", "--pipelined", "0", "--duration", "1s");
    } finally {
      System.setErr(stderr);
    }

    assertThat(code).isEqualTo(2);
    assertThat(printed.toString()).contains("--pipelined", "must be at least 1");
  }
}
