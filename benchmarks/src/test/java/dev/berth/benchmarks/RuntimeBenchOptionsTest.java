package dev.berth.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RuntimeBenchOptionsTest {
  @Test
  void theDefaultPortLeavesRoomForTheSecondServer() {
    assertThat(RuntimeBenchOptions.parse(new String[0]).port()).isEqualTo(8700);
    assertThat(RuntimeBenchOptions.parse(new String[] {"--port", "65532"}).port()).isEqualTo(65532);
  }

  @Test
  void aPortWithoutRoomForTheThreeAfterItIsRefused() {
    assertThatThrownBy(() -> RuntimeBenchOptions.parse(new String[] {"--port", "65533"}))
        .isInstanceOf(BenchOptions.UsageException.class)
        .hasMessageContaining("--port");
  }

  @Test
  void thePeaksInTurnRunFourRoundsUnlessToldOtherwise() {
    assertThat(RuntimeBenchOptions.parse(new String[0]).turns()).isEqualTo(4);
    assertThat(RuntimeBenchOptions.parse(new String[] {"--turns", "0"}).turns()).isZero();
    assertThatThrownBy(() -> RuntimeBenchOptions.parse(new String[] {"--turns", "-1"}))
        .isInstanceOf(BenchOptions.UsageException.class)
        .hasMessageContaining("--turns");
  }

  @Test
  void pinnedServersSetTheRawEnginesThreadsToTheirCpus() {
    RuntimeBenchOptions unpinned = RuntimeBenchOptions.parse(new String[0]);
    assertThat(unpinned.serverCpus()).isNull();
    assertThat(unpinned.engineThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());

    RuntimeBenchOptions pinned = RuntimeBenchOptions.parse(new String[] {"--server-cpus", "4-7"});
    assertThat(pinned.serverCpus()).isEqualTo(new CpuSet("4-7", 4));
    assertThat(pinned.engineThreads()).isEqualTo(4);
    assertThat(
            RuntimeBenchOptions.parse(
                    new String[] {"--server-cpus", "4-7", "--engine-threads", "2"})
                .engineThreads())
        .isEqualTo(2);
  }
}
