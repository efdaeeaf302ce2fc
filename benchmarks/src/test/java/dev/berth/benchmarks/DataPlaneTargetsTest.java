package dev.berth.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataPlaneTargetsTest {
  @Test
  void aBerthAsFastAsNginxAndCloseToDirectMeetsEveryTarget() {
    List<DataPlaneTargets.Verdict> verdicts =
        DataPlaneTargets.judge(
            runs(
                peak("berth", 20_000, 0),
                peak("nginx", 19_000, 0),
                open("direct", 10_000, 0.50, 0.90, 0, null),
                open("berth", 10_000, 0.58, 1.70, 0, cost(2, 4, 0.001))));

    assertThat(verdicts).extracting(DataPlaneTargets.Verdict::met).containsOnly(true);
    assertThat(verdicts.get(0).measured()).contains("1.05×");
    assertThat(verdicts.get(1).measured()).contains("+0.080 ms");
  }

  @Test
  void aSlowerBerthMissesTheThroughputTarget() {
    List<DataPlaneTargets.Verdict> verdicts =
        DataPlaneTargets.judge(runs(peak("berth", 2_000, 0), peak("nginx", 8_000, 0)));

    assertThat(verdicts.get(0).met()).isFalse();
    assertThat(verdicts.get(0).measured()).contains("0.25×");
  }

  @Test
  void thePeaksTakenInTurnDecideTheThroughputTargetWhenTheyWereRun() {
    // One after the other, nginx ran in a fast spell; in turn, Berth is ahead.
    List<DataPlaneTargets.Verdict> verdicts =
        DataPlaneTargets.judge(
            runs(
                peak("berth", 7_000, 0),
                peak("nginx", 9_000, 0),
                run("berth-turns", "berth", 0, 8_200, 5, 20, 0, null, null, null),
                run("nginx-turns", "nginx", 0, 8_000, 5, 20, 0, null, null, null)));

    assertThat(verdicts.get(0).target()).contains("in turn");
    assertThat(verdicts.get(0).measured()).contains("1.03×");
    assertThat(verdicts.get(0).met()).isTrue();
  }

  @Test
  void withoutNginxTheThroughputTargetIsNotJudged() {
    List<DataPlaneTargets.Verdict> verdicts = DataPlaneTargets.judge(runs(peak("berth", 2_000, 0)));

    assertThat(verdicts.get(0).met()).isNull();
    assertThat(verdicts.get(0).word()).isEqualTo("n/a");
  }

  @Test
  void addedLatencyIsJudgedAgainstTheDirectRunAtTheSameRate() {
    List<DataPlaneTargets.Verdict> verdicts =
        DataPlaneTargets.judge(
            runs(
                open("direct", 1_000, 1.00, 2.00, 0, null),
                open("berth", 1_000, 1.20, 3.50, 0, cost(1, 5, 0.002))));

    assertThat(verdicts.get(1).target()).contains("p50").contains("1000/s");
    assertThat(verdicts.get(1).met()).isFalse();
    assertThat(verdicts.get(2).target()).contains("p99");
    assertThat(verdicts.get(2).met()).isFalse();
  }

  @Test
  void aRunThatSharedTheCoresWithOtherProcessesIsMarkedDisturbed() {
    DataPlaneRun busy = peak("nginx", 8_000, 0);
    busy =
        new DataPlaneRun(
            busy.key(), busy.target(), null, null, 0.5, 0.3, 0.8, 15_000, null, busy.result());

    List<DataPlaneTargets.Verdict> verdicts =
        DataPlaneTargets.judge(runs(peak("berth", 2_000, 0), busy));

    assertThat(verdicts.get(0).measured()).contains("DISTURBED").contains("0.80 cores");
  }

  @Test
  void aNegativeAddedLatencyKeepsItsSign() {
    List<DataPlaneTargets.Verdict> verdicts =
        DataPlaneTargets.judge(
            runs(
                open("direct", 1_000, 1.00, 3.00, 0, null),
                open("berth", 1_000, 1.05, 2.00, 0, cost(0, 0, 0))));

    assertThat(verdicts.get(2).measured()).startsWith("-1.000 ms");
  }

  @Test
  void errorsMissATargetWhateverTheLatency() {
    List<DataPlaneTargets.Verdict> verdicts =
        DataPlaneTargets.judge(
            runs(
                open("direct", 1_000, 1.00, 2.00, 0, null),
                open("berth", 1_000, 1.00, 2.00, 3, cost(0, 0, 0))));

    assertThat(verdicts.get(1).met()).isFalse();
    assertThat(verdicts.get(1).measured()).contains("3 errors");
  }

  @Test
  void collectionsTouchingOnePercentOfRequestsReachTheP99() {
    List<DataPlaneTargets.Verdict> verdicts =
        DataPlaneTargets.judge(
            runs(
                open("direct", 1_000, 1.00, 2.00, 0, null),
                open("berth", 1_000, 1.00, 2.00, 0, cost(10, 150, 0.01))));

    assertThat(verdicts.get(3).met()).isFalse();
    assertThat(verdicts.get(3).measured()).contains("10 collections");
  }

  @Test
  void theGcShareCountsPausesAndTheRequestsInFlightDuringThem() {
    // 15 s, 3 collections of 10 ms, p50 2 ms: (30 + 3 × 2) ms of 15,000 ms.
    DataPlaneRun.DataPlaneCost cost =
        DataPlaneRun.DataPlaneCost.of(
            new DataPlaneServerStats(3_000_000, 7_500_000_000L, 3_100_000, 3, 30, 10),
            1_000,
            15_000_000_000L,
            2.0);

    assertThat(cost.gcShare()).isEqualTo(36 / 15_000.0);
    assertThat(cost.eventLoopBytesPerRequest()).isEqualTo(3_000);
    assertThat(cost.jvmBytesPerRequest()).isEqualTo(3_100);
    assertThat(cost.eventLoopCores()).isEqualTo(0.5);
  }

  private static Map<String, DataPlaneRun> runs(DataPlaneRun... runs) {
    Map<String, DataPlaneRun> byKey = new LinkedHashMap<>();
    for (DataPlaneRun r : runs) {
      byKey.put(r.key(), r);
    }
    return byKey;
  }

  private static DataPlaneRun peak(String target, double okPerSecond, long errors) {
    return run(target + "-peak", target, 0, okPerSecond, 5, 20, errors, null, null, null);
  }

  private static DataPlaneRun open(
      String target,
      double rate,
      double p50,
      double p99,
      long errors,
      DataPlaneRun.DataPlaneCost cost) {
    Double added50 = target.equals("direct") ? null : p50 - directP50;
    Double added99 = target.equals("direct") ? null : p99 - directP99;
    if (target.equals("direct")) {
      directP50 = p50;
      directP99 = p99;
    }
    return run(target + "-open", target, rate, rate, p50, p99, errors, added50, added99, cost);
  }

  private static double directP50;
  private static double directP99;

  private static DataPlaneRun.DataPlaneCost cost(long gcs, long gcMillis, double share) {
    return new DataPlaneRun.DataPlaneCost(0.5, 2_000, 2_100, gcs, gcMillis, gcMillis, share);
  }

  private static DataPlaneRun run(
      String key,
      String target,
      double rate,
      double okPerSecond,
      double p50,
      double p99,
      long errors,
      Double added50,
      Double added99,
      DataPlaneRun.DataPlaneCost cost) {
    LoadResult result =
        new LoadResult(
            target,
            "POST /invocations",
            rate > 0 ? "open" : "closed 64x1",
            rate,
            64,
            1,
            5,
            10,
            10_000,
            errors,
            errors > 0 ? Map.of("HTTP 500", errors) : Map.of(),
            okPerSecond,
            new LoadResult.Percentiles(p50, p50, p99, p99, p99),
            new LoadResult.Percentiles(p50, p50, p99, p99, p99),
            0.2,
            new LoadResult.Check(errors == 0, "no errors", List.of()),
            Duration.ZERO.toString());
    return new DataPlaneRun(key, target, added50, added99, 0.5, 0.3, 0.0, 15_000, cost, result);
  }
}
