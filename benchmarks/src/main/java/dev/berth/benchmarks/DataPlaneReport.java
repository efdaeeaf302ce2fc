package dev.berth.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What {@link DataPlaneBench} prints and writes with {@code --output}: the machine, the settings,
 * every run, the throughput ratios and the verdict on every target.
 *
 * @param date when the benchmark ended (UTC, ISO-8601)
 * @param cores the machine's cores
 * @param placement where the generator, the proxies and the backend ran: on shared cores, or pinned
 *     to CPUs of their own
 * @param java the JVM
 * @param connections keep-alive connections of every run
 * @param eventLoopThreads the data plane's event loops, nginx's workers, the backend's event loops
 * @param bodyBytes the request body's size
 * @param rate the open-loop rate every target was driven at
 * @param runs the runs in the order they ran
 * @param targets the verdicts
 * @param notes runs skipped, and why
 */
public record DataPlaneReport(
    String date,
    int cores,
    String placement,
    String java,
    int connections,
    int eventLoopThreads,
    int bodyBytes,
    double rate,
    List<DataPlaneRun> runs,
    List<DataPlaneTargets.Verdict> targets,
    List<String> notes) {

  private static final String[] HEADER = {
    "run",
    "mode",
    "requests",
    "errors",
    "ok/s",
    "p50",
    "p99",
    "p99.9",
    "max",
    "+p50",
    "+p99",
    "proxy cores",
    "echo cores",
    "gen cores",
    "other cores",
    "B/req",
    "GCs",
  };

  /** The report as text: the table, the ratios, the data plane's costs and the verdicts. */
  String render(Duration warmup, Duration duration) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%n== Data-plane benchmark, %d cores, %s;"
                + " per run warmup %d s, measured %d s; %d connections; %d event loops"
                + " (= nginx workers); %d-byte body; open loop at %s/s (half of Berth's peak"
                + " unless set)%n",
            cores,
            placement,
            warmup.toSeconds(),
            duration.toSeconds(),
            connections,
            eventLoopThreads,
            bodyBytes,
            ResultTable.number(rate)));
    out.append(table(runs));
    out.append(
        String.format(
            "latencies in ms from the intended send time (open loop) or the send (closed loop);"
                + " +p50/+p99 = less the direct run's at the same rate; B/req = bytes the data"
                + " plane's event loops allocated per request; GCs = collections (ms in all)%n"));
    for (DataPlaneRun run : runs) {
      if (!run.result().errorsByCode().isEmpty()) {
        out.append(run.result().label())
            .append(" errors: ")
            .append(run.result().errorsByCode())
            .append(String.format("%n"));
      }
    }
    out.append(String.format("%nThroughput ratios (closed-loop peaks, in turn first):%n"));
    ratios().forEach(r -> out.append("  ").append(r).append(String.format("%n")));
    out.append(String.format("%nTargets:%n"));
    for (DataPlaneTargets.Verdict v : targets) {
      out.append(String.format("  %-4s %s: %s%n", v.word(), v.target(), v.measured()));
    }
    notes.forEach(note -> out.append(note).append(String.format("%n")));
    return out.toString();
  }

  /**
   * Berth against nginx, and each proxy against the direct peak: from the peaks taken in turn when
   * they were run, then from the peaks one after the other.
   */
  List<String> ratios() {
    List<String> out = new ArrayList<>();
    ratios(out, "-turns", ", in turn");
    ratios(out, "-peak", "");
    return out;
  }

  private void ratios(List<String> out, String keySuffix, String note) {
    Map<String, Double> peaks =
        runs.stream()
            .filter(r -> r.key().endsWith(keySuffix))
            .collect(Collectors.toMap(DataPlaneRun::target, r -> r.result().okPerSecond()));
    Function<String, Double> peak = peaks::get;
    String berth = DataPlaneBench.BERTH;
    String nginx = DataPlaneBench.NGINX;
    String direct = DataPlaneBench.DIRECT;
    ratio(out, "Berth / nginx" + note, peak.apply(berth), peak.apply(nginx));
    ratio(out, "Berth / direct" + note, peak.apply(berth), peak.apply(direct));
    ratio(out, "nginx / direct" + note, peak.apply(nginx), peak.apply(direct));
  }

  private static void ratio(List<String> out, String name, Double a, Double b) {
    if (a != null && b != null && b > 0) {
      out.add(String.format(Locale.ROOT, "%-24s %.2f× (%.0f/s vs %.0f/s)", name, a / b, a, b));
    }
  }

  static String table(List<DataPlaneRun> runs) {
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADER);
    for (DataPlaneRun run : runs) {
      LoadResult r = run.result();
      LoadResult.Percentiles l = r.latencyMillis();
      DataPlaneRun.DataPlaneCost cost = run.dataPlane();
      rows.add(
          new String[] {
            r.label(),
            r.mode(),
            Long.toString(r.requests()),
            Long.toString(r.errors()),
            String.format(Locale.ROOT, "%.0f", r.okPerSecond()),
            fixed(l.p50(), 3),
            fixed(l.p99(), 3),
            fixed(l.p999(), 3),
            fixed(l.max(), 2),
            run.addedP50Millis() == null ? "-" : signed(run.addedP50Millis()),
            run.addedP99Millis() == null ? "-" : signed(run.addedP99Millis()),
            run.proxyCores() == null ? "-" : fixed(run.proxyCores(), 2),
            run.backendCores() == null ? "-" : fixed(run.backendCores(), 2),
            fixed(r.generatorCores(), 2),
            run.otherCores() == null ? "-" : fixed(run.otherCores(), 2),
            cost == null
                ? "-"
                : String.format(Locale.ROOT, "%.0f", cost.eventLoopBytesPerRequest()),
            cost == null ? "-" : cost.gcCount() + " (" + cost.gcMillis() + ")"
          });
    }
    int[] widths = new int[HEADER.length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (int r = 0; r < rows.size(); r++) {
      String[] row = rows.get(r);
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        String fill = " ".repeat(widths[i] - row[i].length());
        // Names left, numbers right, so columns of numbers line up on their last digit.
        line.append(i < 2 ? row[i] + fill : fill + row[i]).append(i < row.length - 1 ? "  " : "");
      }
      out.append(line.toString().stripTrailing()).append(String.format("%n"));
      if (r == 0) {
        out.append("-".repeat(line.length())).append(String.format("%n"));
      }
    }
    return out.toString();
  }

  private static String fixed(double value, int digits) {
    return String.format(Locale.ROOT, "%." + digits + "f", value);
  }

  private static String signed(double value) {
    return String.format(Locale.ROOT, "%+.3f", value);
  }
}
