package dev.berth.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What {@code berth bench} writes to {@code DIR/result.json}, and what {@link HtmlReport} draws.
 *
 * @param kind {@code invoke}, {@code sweep} or {@code self-test}
 * @param date when the last run ended (UTC, ISO-8601)
 * @param settings the endpoint and load asked for
 * @param machine where the generator ran
 * @param runs one run for {@code invoke}, one per step for {@code sweep}
 * @param sweep the sweep's verdict; null for the other kinds
 */
public record BenchResult(
    String kind,
    String date,
    InvokeSettings settings,
    Machine machine,
    List<InvokeRun> runs,
    SweepVerdict sweep) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * The generator's machine.
   *
   * @param cores processors the JVM sees
   * @param java the JVM's version
   * @param os the operating system and architecture
   */
  public record Machine(int cores, String java, String os) {
    static Machine current() {
      return new Machine(
          Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
          System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    }
  }

  /**
   * How a sweep ended.
   *
   * @param slo the objective, as given
   * @param maxErrorRate the share of failures a step could have
   * @param highestRateHeld the highest offered rate whose step met everything; 0 when none did
   * @param brokenAtRate the rate of the first step that did not; 0 when none broke up to the max
   * @param brokenBecause why that step broke; empty when none did
   */
  public record SweepVerdict(
      String slo,
      double maxErrorRate,
      double highestRateHeld,
      double brokenAtRate,
      List<String> brokenBecause) {}

  /**
   * The summary table for the terminal, the generator's cost, errors by status and a sweep's
   * verdict.
   */
  public String summary() {
    StringBuilder out = new StringBuilder();
    out.append(ResultTable.render(runs().stream().map(InvokeRun::summary).toList()));
    for (InvokeRun run : runs()) {
      out.append(
          String.format(
              Locale.ROOT,
              "%s: generator %.1f µs of event-loop CPU per request%s%n",
              run.summary().label(),
              run.generatorCpuMicrosPerRequest(),
              run.errorsByStatus().isEmpty() ? "" : "; errors by status " + run.errorsByStatus()));
    }
    if (sweep() != null) {
      BenchResult.SweepVerdict v = sweep();
      out.append(
          String.format(
              Locale.ROOT,
              "highest rate that held %s: %s/s%s%n",
              v.slo(),
              ResultTable.number(v.highestRateHeld()),
              v.brokenAtRate() > 0
                  ? " (broke at "
                      + ResultTable.number(v.brokenAtRate())
                      + "/s: "
                      + String.join("; ", v.brokenBecause())
                      + ")"
                  : " (held up to --max)"));
    }
    return out.toString();
  }

  /** The result as JSON. */
  public String json() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes {@code dir/result.json} and {@code dir/report.html}, creating {@code dir}. */
  public void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("result.json"), json(), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("report.html"), HtmlReport.render(this), StandardCharsets.UTF_8);
  }
}
