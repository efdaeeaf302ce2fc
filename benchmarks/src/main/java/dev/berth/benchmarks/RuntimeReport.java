package dev.berth.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * What {@link RuntimeBench} writes with {@code --output}: the machine, the settings, every run and
 * the verdict on every target.
 *
 * @param date when the benchmark ended (UTC, ISO-8601)
 * @param cores the machine's cores
 * @param placement where the servers and the generator (with the raw engine) ran: on shared cores,
 *     or pinned to CPUs of their own
 * @param java the JVM
 * @param batchSize {@code batch_size} of the batched server
 * @param maxBatchDelayMillis {@code max_batch_delay} of the batched server
 * @param clients concurrent clients of the served runs
 * @param runs the runs in the order they ran
 * @param targets the verdicts
 * @param notes runs skipped, and why
 */
public record RuntimeReport(
    String date,
    int cores,
    String placement,
    String java,
    int batchSize,
    int maxBatchDelayMillis,
    int clients,
    List<RuntimeRun> runs,
    List<RuntimeTargets.Verdict> targets,
    List<String> notes) {

  private static final String[] HEADER = {
    "run",
    "rows/req",
    "inferences/s",
    "p50",
    "p99",
    "mean batch",
    "forward ms",
    "server cores",
    "gen cores",
    "other cores"
  };

  /**
   * The runs as inferences per second next to their latency, batch and CPU; for the raw engine the
   * generator's cores include the engine's.
   */
  static String summary(Collection<RuntimeRun> runs) {
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADER);
    for (RuntimeRun run : runs) {
      LoadResult r = run.result();
      rows.add(
          new String[] {
            r.label(),
            Integer.toString(run.rowsPerRequest()),
            String.format(Locale.ROOT, "%.0f", run.inferencesPerSecond()),
            String.format(Locale.ROOT, "%.2f", r.latencyMillis().p50()),
            String.format(Locale.ROOT, "%.2f", r.latencyMillis().p99()),
            run.meanBatchSize() == null
                ? "-"
                : String.format(Locale.ROOT, "%.1f", run.meanBatchSize()),
            run.meanForwardMillis() == null
                ? "-"
                : String.format(Locale.ROOT, "%.2f", run.meanForwardMillis()),
            run.serverCores() == null ? "-" : String.format(Locale.ROOT, "%.2f", run.serverCores()),
            String.format(Locale.ROOT, "%.2f", r.generatorCores()),
            run.otherCores() == null ? "-" : String.format(Locale.ROOT, "%.2f", run.otherCores())
          });
    }
    int[] widths = new int[HEADER.length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        String fill = " ".repeat(widths[i] - row[i].length());
        out.append(i == 0 ? row[i] + fill : fill + row[i]).append(i < row.length - 1 ? "  " : "");
      }
      out.append(String.format("%n"));
    }
    out.append(
        String.format(
            "latencies in ms; inferences/s = ok/s x rows per request; mean batch = jobs per"
                + " forward pass in the server; forward ms = the server's mean forward pass;"
                + " gen cores of a raw-engine run include the engine; other cores = CPU of every"
                + " other process on the machine during the run%n"));
    return out.toString();
  }
}
