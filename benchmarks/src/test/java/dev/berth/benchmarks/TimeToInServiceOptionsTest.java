package dev.berth.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimeToInServiceOptionsTest {
  @Test
  void noFlagsAreTheIssuesRunTwentyInTurnThenTenAtOnce() {
    TimeToInServiceOptions options = TimeToInServiceOptions.parse(new String[0]);

    assertThat(options.sequential()).isEqualTo(20);
    assertThat(options.concurrent()).isEqualTo(10);
    assertThat(options.warmupEndpoints()).isEqualTo(1);
    assertThat(options.pollInterval()).isEqualTo(Duration.ofMillis(50));
    assertThat(options.instanceType()).isEqualTo("ml.m5.large");
    assertThat(options.targetMedianSeconds()).isEqualTo(3.0);
  }

  @Test
  void trafficGoesOnlyToLoopback() {
    assertThatThrownBy(
            () ->
                TimeToInServiceOptions.parse(
                    new String[] {"--endpoint-url", "http://10.0.0.1:8600"}))
        .isInstanceOf(BenchOptions.UsageException.class)
        .hasMessageContaining("loopback");
  }

  @Test
  void atLeastOneEndpointIsMeasuredInTurn() {
    assertThatThrownBy(() -> TimeToInServiceOptions.parse(new String[] {"--sequential", "0"}))
        .isInstanceOf(BenchOptions.UsageException.class);
  }
}
