package dev.berth.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {
  @Test
  void noFlagsIsADescribePeakRunOnTheLocalDefaultPort() {
    BenchOptions options = BenchOptions.parse(new String[0]);

    assertThat(options.endpointUrl()).hasToString("http://127.0.0.1:8600");
    assertThat(options.operation()).isEqualTo(BenchOperation.DESCRIBE);
    assertThat(options.openLoop()).isFalse();
    assertThat(options.mode()).isEqualTo("closed 16x1");
    assertThat(options.duration()).isEqualTo(Duration.ofSeconds(15));
  }

  @Test
  void aRateMakesAnOpenLoopRun() {
    BenchOptions options =
        BenchOptions.parse(
            new String[] {"--operation", "create", "--rate", "150", "--duration", "2.5"});

    assertThat(options.openLoop()).isTrue();
    assertThat(options.mode()).isEqualTo("open 150/s");
    assertThat(options.label()).isEqualTo("CreateEndpoint open");
    assertThat(options.duration()).isEqualTo(Duration.ofMillis(2500));
  }

  @Test
  void anUnknownFlagIsRefused() {
    assertThatThrownBy(() -> BenchOptions.parse(new String[] {"--threads", "4"}))
        .isInstanceOf(BenchOptions.UsageException.class)
        .hasMessageContaining("--threads");
  }

  @Test
  void trafficGoesOnlyToLoopback() {
    assertThatThrownBy(
            () -> BenchOptions.parse(new String[] {"--endpoint-url", "http://10.0.0.1:8600"}))
        .isInstanceOf(BenchOptions.UsageException.class)
        .hasMessageContaining("loopback");
  }
}
