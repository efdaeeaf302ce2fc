package dev.berth.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RuntimeServerProcessTest {
  private static final String SCRAPE =
      """
      # HELP berth_runtime_batch_size Jobs per forward pass
      # TYPE berth_runtime_batch_size histogram
      berth_runtime_batch_size_bucket{model="model",le="1.0"} 3
      berth_runtime_batch_size_count{model="model"} 40
      berth_runtime_batch_size_sum{model="model"} 610.0
      berth_runtime_batch_size_max{model="model"} 32.0
      """;

  @Test
  void aMetricIsReadFromAPrometheusScrapeByItsExactName() {
    assertThat(RuntimeServerProcess.metric(SCRAPE, "berth_runtime_batch_size_sum")).isEqualTo(610);
    assertThat(RuntimeServerProcess.metric(SCRAPE, "berth_runtime_batch_size_count")).isEqualTo(40);
    assertThat(RuntimeServerProcess.metric(SCRAPE, "berth_runtime_batch")).isZero();
  }

  @Test
  void theMeanBatchIsTakenBetweenTwoScrapes() {
    RuntimeServerProcess.BatchTotals before = new RuntimeServerProcess.BatchTotals(10, 10, 0.01);
    RuntimeServerProcess.BatchTotals after = new RuntimeServerProcess.BatchTotals(610, 40, 0.07);

    assertThat(after.meanSince(before)).isEqualTo(20.0);
    assertThat(after.forwardMillisSince(before)).isCloseTo(2.0, within(1e-9));
    assertThat(before.meanSince(before)).isNull();
  }
}
