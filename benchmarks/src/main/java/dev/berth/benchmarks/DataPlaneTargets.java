package dev.berth.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The targets of the data-plane benchmark (issue 5), judged on its runs: Berth's peak at least
 * nginx's; at half of Berth's peak, Berth adds at most 0.1 ms to the direct p50 and 1 ms to the
 * direct p99; and the data plane's garbage collections are too short and too rare to reach the p99.
 */
final class DataPlaneTargets {
  static final double MAX_ADDED_P50_MILLIS = 0.1;
  static final double MAX_ADDED_P99_MILLIS = 1.0;

  /**
   * The largest share of requests a collection may touch and stay out of the p99: at 1 % it would
   * be the p99.
   */
  static final double MAX_GC_SHARE = 0.01;

  /** CPU of other processes above which a run competed with them for the cores. */
  static final double MAX_OTHER_CORES = 0.1;

  private DataPlaneTargets() {}

  /**
   * One target's verdict.
   *
   * @param target what was asked
   * @param measured what was measured, in words and numbers
   * @param met true or false; null when the runs it needs are missing (nginx not installed)
   */
  record Verdict(String target, String measured, Boolean met) {
    String word() {
      return met == null ? "n/a" : met ? "MET" : "MISS";
    }
  }

  /** The verdicts for {@code runs}, keyed by {@link DataPlaneRun#key()}. */
  static List<Verdict> judge(Map<String, DataPlaneRun> runs) {
    List<Verdict> verdicts = new ArrayList<>();
    // The peaks taken in turn share the machine's spells; peaks one after the other do not.
    boolean inTurn = runs.containsKey("berth-turns") && runs.containsKey("nginx-turns");
    DataPlaneRun berthPeak = runs.get(inTurn ? "berth-turns" : "berth-peak");
    DataPlaneRun nginxPeak = runs.get(inTurn ? "nginx-turns" : "nginx-peak");
    String throughput = "Berth's peak ≥ nginx's" + (inTurn ? " (in turn)" : "");
    if (berthPeak == null || nginxPeak == null) {
      verdicts.add(new Verdict(throughput, "not measured (no nginx run)", null));
    } else {
      double berth = berthPeak.result().okPerSecond();
      double nginx = nginxPeak.result().okPerSecond();
      verdicts.add(
          new Verdict(
              throughput,
              String.format(
                      Locale.ROOT,
                      "%.0f/s vs %.0f/s = %.2f×",
                      berth,
                      nginx,
                      nginx > 0 ? berth / nginx : Double.NaN)
                  + errors(berthPeak, nginxPeak)
                  + disturbed(berthPeak, nginxPeak),
              berth >= nginx && clean(berthPeak, nginxPeak)));
    }
    DataPlaneRun berthOpen = runs.get("berth-open");
    DataPlaneRun directOpen = runs.get("direct-open");
    if (berthOpen == null || directOpen == null || berthOpen.addedP50Millis() == null) {
      verdicts.add(new Verdict("Berth's added latency", "not measured", null));
      return verdicts;
    }
    String rate = ResultTable.number(berthOpen.result().targetRate()) + "/s";
    verdicts.add(
        added(
            "Berth's added p50 ≤ 0.1 ms at " + rate,
            berthOpen.addedP50Millis(),
            berthOpen.result().latencyMillis().p50(),
            directOpen.result().latencyMillis().p50(),
            MAX_ADDED_P50_MILLIS,
            berthOpen,
            directOpen));
    verdicts.add(
        added(
            "Berth's added p99 ≤ 1 ms at " + rate,
            berthOpen.addedP99Millis(),
            berthOpen.result().latencyMillis().p99(),
            directOpen.result().latencyMillis().p99(),
            MAX_ADDED_P99_MILLIS,
            berthOpen,
            directOpen));
    DataPlaneRun.DataPlaneCost cost = berthOpen.dataPlane();
    String gc = "GC not in Berth's p99 at " + rate;
    if (cost == null) {
      verdicts.add(new Verdict(gc, "not measured", null));
    } else {
      verdicts.add(
          new Verdict(
              gc,
              String.format(
                  Locale.ROOT,
                  "%d collections, %d ms in all, longest %d ms: up to %.3f %% of requests"
                      + " (limit %.0f %%); %.0f bytes allocated per request by the event loops,"
                      + " %.0f by the whole JVM",
                  cost.gcCount(),
                  cost.gcMillis(),
                  cost.gcMaxPauseMillis(),
                  100 * cost.gcShare(),
                  100 * MAX_GC_SHARE,
                  cost.eventLoopBytesPerRequest(),
                  cost.jvmBytesPerRequest()),
              cost.gcShare() < MAX_GC_SHARE));
    }
    return verdicts;
  }

  private static Verdict added(
      String target,
      double added,
      double berth,
      double direct,
      double limit,
      DataPlaneRun berthOpen,
      DataPlaneRun directOpen) {
    return new Verdict(
        target,
        String.format(Locale.ROOT, "%+.3f ms (%.3f vs direct %.3f ms)", added, berth, direct)
            + errors(berthOpen, directOpen)
            + disturbed(berthOpen, directOpen),
        added <= limit && clean(berthOpen, directOpen));
  }

  /**
   * A warning when other processes took more than {@link #MAX_OTHER_CORES} during a run: on a
   * shared machine such a comparison says little, whichever way it went.
   */
  private static String disturbed(DataPlaneRun... runs) {
    double most = 0;
    for (DataPlaneRun run : runs) {
      if (run.otherCores() != null) {
        most = Math.max(most, run.otherCores());
      }
    }
    return most > MAX_OTHER_CORES
        ? String.format(
            Locale.ROOT,
            "; DISTURBED: other processes took up to %.2f cores during these runs",
            most)
        : "";
  }

  private static boolean clean(DataPlaneRun... runs) {
    for (DataPlaneRun run : runs) {
      if (run.result().errors() > 0) {
        return false;
      }
    }
    return true;
  }

  private static String errors(DataPlaneRun... runs) {
    StringBuilder out = new StringBuilder();
    for (DataPlaneRun run : runs) {
      if (run.result().errors() > 0) {
        out.append("; ")
            .append(run.result().label())
            .append(" had ")
            .append(run.result().errors())
            .append(" errors");
      }
    }
    return out.toString();
  }
}
