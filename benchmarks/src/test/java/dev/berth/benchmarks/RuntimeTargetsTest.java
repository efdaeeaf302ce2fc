package dev.berth.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RuntimeTargetsTest {
  @Test
  void batchedAtFourTimesTheNaiveRateAndLowerP99MeetsTheNaiveTarget() {
    List<RuntimeTargets.Verdict> verdicts =
        RuntimeTargets.judge(
            runs(
                served("mlp-batched-peak", 4000, 9.0, 0), served("mlp-naive-peak", 1000, 30.0, 0)));

    assertThat(verdicts).singleElement().satisfies(v -> assertThat(v.met()).isTrue());
    assertThat(verdicts.get(0).measured()).contains("4.00×");
  }

  @Test
  void aHigherP99MissesTheNaiveTargetWhateverTheThroughput() {
    List<RuntimeTargets.Verdict> verdicts =
        RuntimeTargets.judge(
            runs(
                served("mlp-batched-peak", 4000, 31.0, 0),
                served("mlp-naive-peak", 1000, 30.0, 0)));

    assertThat(verdicts.get(0).met()).isFalse();
  }

  @Test
  void thePeaksInTurnJudgeTheNaiveTargetWhenTheyWereTaken() {
    List<RuntimeTargets.Verdict> verdicts =
        RuntimeTargets.judge(
            runs(
                served("mlp-batched-peak", 2900, 9.0, 0),
                served("mlp-naive-peak", 1000, 30.0, 0),
                served(RuntimeTargets.BATCHED_TURNS, 3100, 9.0, 0),
                served(RuntimeTargets.NAIVE_TURNS, 1000, 30.0, 0)));

    assertThat(verdicts)
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.met()).isTrue();
              assertThat(v.target()).contains("peaks in turn");
              assertThat(v.measured()).contains("3.10×");
            });
  }

  @Test
  void theRawRatioComparesInferencesNotRequests() {
    // 100 batches of 32 rows a second: 3,200 inferences; the server's 2,600 are 0.81 of them.
    List<RuntimeTargets.Verdict> verdicts =
        RuntimeTargets.judge(
            runs(served("mlp-batched-peak", 2600, 10, 0), raw("mlp-raw-same", 100, 32, 1.0)));

    assertThat(verdicts).singleElement().satisfies(v -> assertThat(v.met()).isTrue());
    assertThat(verdicts.get(0).target()).contains("batch 32");
  }

  @Test
  void resnetSingleRequestIsWithinTenPercentOfTheRawEngine() {
    List<RuntimeTargets.Verdict> verdicts =
        RuntimeTargets.judge(
            runs(
                raw("resnet-raw-1", 40, 1, 25.0),
                served("resnet-naive-single", 38, 27.0, 0),
                served("resnet-batched-single", 33, 30.0, 0)));

    assertThat(verdicts).extracting(RuntimeTargets.Verdict::met).containsExactly(false, true);
  }

  @Test
  void resnetBatchedIsJudgedAgainstTheRawEngineAtItsMeanBatch() {
    List<RuntimeTargets.Verdict> verdicts =
        RuntimeTargets.judge(
            runs(
                served("resnet-batched-peak", 84, 500.0, 0), raw("resnet-raw-same", 6, 16, 160.0)));

    assertThat(verdicts).singleElement().satisfies(v -> assertThat(v.met()).isTrue());
    assertThat(verdicts.get(0).target())
        .isEqualTo(
            "ResNet-18, 32 clients: batched throughput ≥ 0.8× the raw engine's at batch 16"
                + " (the server's mean batch)");
    assertThat(verdicts.get(0).measured()).isEqualTo("84/s vs 96/s = 0.88×");
  }

  @Test
  void theRawEngineTakingTurnsWithTheServersIsTheResnetReference() {
    // Alone, the raw engine ran in a quiet spell (20 ms); in turn with the servers, 28 ms.
    List<RuntimeTargets.Verdict> verdicts =
        RuntimeTargets.judge(
            runs(
                raw("resnet-raw-1", 50, 1, 20.0),
                raw("resnet-raw-single", 35, 1, 28.0),
                served("resnet-naive-single", 33, 30.0, 0),
                served("resnet-batched-single", 33, 30.5, 0)));

    assertThat(verdicts).extracting(RuntimeTargets.Verdict::met).containsExactly(true, true);
    assertThat(verdicts.get(0).measured()).contains("vs 28.00 ms");
  }

  @Test
  void anOpenLoopThatFellBehindMissesEvenWithALowP99() {
    RuntimeRun naive = served("mlp-naive-open", 1000, 20.0, 1000);
    RuntimeRun batched = served("mlp-batched-open-3x", 2500, 5.0, 3000);

    List<RuntimeTargets.Verdict> verdicts = RuntimeTargets.judge(runs(naive, batched));

    assertThat(verdicts).singleElement().satisfies(v -> assertThat(v.met()).isFalse());
  }

  @Test
  void runsWithMoreClientsThanTheBatchSizeAreJudgedAgainAndMarkedInformative() {
    List<RuntimeTargets.Verdict> verdicts =
        RuntimeTargets.judge(
            runs(
                served("mlp-batched-peak", 2000, 9.0, 0),
                served("mlp-naive-peak", 1000, 30.0, 0),
                served("mlp-batched-peak-more", 4000, 12.0, 0),
                served("mlp-naive-peak-more", 1000, 60.0, 0),
                raw("mlp-raw-same-more", 150, 32, 1.0)));

    assertThat(verdicts).hasSize(3);
    assertThat(verdicts.get(0).met()).isFalse(); // 2× at the clients
    assertThat(verdicts.get(0).target()).doesNotContain("informative");
    assertThat(verdicts.subList(1, 3))
        .allSatisfy(v -> assertThat(v.target()).contains("informative"));
    assertThat(verdicts.get(1).measured()).contains("0.83×");
    assertThat(verdicts.get(2).met()).isTrue();
  }

  @Test
  void missingRunsLeaveTheirTargetsOut() {
    assertThat(RuntimeTargets.judge(Map.of())).isEmpty();
  }

  private static Map<String, RuntimeRun> runs(RuntimeRun... runs) {
    return Stream.of(runs).collect(Collectors.toMap(RuntimeRun::key, r -> r));
  }

  private static RuntimeRun served(String key, double okPerSecond, double p99, double rate) {
    return RuntimeRun.of(
        key,
        "MLP",
        key.contains("naive") ? "Berth naive" : "Berth batched",
        1,
        1.0,
        1.0,
        1.0,
        0.0,
        result(okPerSecond, p99, p99, rate));
  }

  private static RuntimeRun raw(String key, double okPerSecond, int rows, double p50) {
    return RuntimeRun.of(
        key, "MLP", "raw engine", rows, null, null, null, 0.0, result(okPerSecond, p50, p50, 0));
  }

  private static LoadResult result(double okPerSecond, double p50, double p99, double rate) {
    return new LoadResult(
        "run",
        "op",
        "closed 32x1",
        rate,
        32,
        1,
        10,
        15,
        1000,
        0,
        Map.of(),
        okPerSecond,
        new LoadResult.Percentiles(p50, p50, p99, p99, p99),
        new LoadResult.Percentiles(p50, p50, p99, p99, p99),
        0.1,
        new LoadResult.Check(true, "no errors", List.of()),
        "2026-11-27T00:00:00Z");
  }
}
