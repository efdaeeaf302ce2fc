package dev.berth.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SharedCoresBenchOptionsTest {
  @Test
  void theDefaultsCompareSleepingWithAutoTwice() {
    SharedCoresBenchOptions options = SharedCoresBenchOptions.parse(new String[0]);

    assertThat(options.choices()).containsExactly("false", "auto");
    assertThat(options.rounds()).isEqualTo(2);
    assertThat(options.clients()).isEqualTo(8);
    assertThat(options.port()).isEqualTo(8800);
  }

  @Test
  void aChoiceTheRuntimeWouldRefuseIsRefusedHere() {
    assertThatThrownBy(() -> SharedCoresBenchOptions.parse(new String[] {"--choices", "false,yes"}))
        .isInstanceOf(BenchOptions.UsageException.class)
        .hasMessageContaining("--choices");
  }

  @Test
  void aPortWithoutRoomForTheSecondRuntimeIsRefused() {
    assertThatThrownBy(() -> SharedCoresBenchOptions.parse(new String[] {"--port", "65533"}))
        .isInstanceOf(BenchOptions.UsageException.class)
        .hasMessageContaining("--port");
  }
}
