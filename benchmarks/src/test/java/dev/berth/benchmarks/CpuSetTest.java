package dev.berth.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CpuSetTest {
  @Test
  void countsSingleCpusAndRanges() {
    assertThat(CpuSet.parse("--x", "0").count()).isOne();
    assertThat(CpuSet.parse("--x", " 0-3,6,8-9 ").count()).isEqualTo(7);
    assertThat(CpuSet.parse("--x", "0-3,6,8-9").list()).isEqualTo("0-3,6,8-9");
  }

  @Test
  void aCpuNumberPastAnyMachineIsAUsageError() {
    assertThatThrownBy(() -> CpuSet.parse("--proxy-cpus", "0-99999999999"))
        .isInstanceOf(BenchOptions.UsageException.class)
        .hasMessageContaining("--proxy-cpus: no machine has a CPU 0-99999999999");
  }

  @Test
  void anEmptyListPinsNothing() {
    assertThat(CpuSet.parse("--x", "")).isNull();
    assertThat(CpuSet.parse("--x", null)).isNull();
    assertThat(CpuSet.pinned(null, List.of("java", "-version")))
        .containsExactly("java", "-version");
  }

  @Test
  void aPinnedCommandRunsThroughTaskset() {
    assertThat(CpuSet.pinned(CpuSet.parse("--x", "2-3"), List.of("nginx", "-c", "f")))
        .containsExactly("taskset", "-c", "2-3", "nginx", "-c", "f");
  }

  @Test
  void thisProcessRunsOnAtLeastOneCpuAndIsPinnedOnlyToFewerThanAll() {
    String cpus = CpuSet.ofThisProcess();
    if (cpus != null) {
      int count = CpuSet.parse("--x", cpus).count();
      assertThat(count).isPositive();
      assertThat(CpuSet.pinnedThisProcess()).isEqualTo(count < MachineCpu.cores() ? cpus : null);
    }
  }
}
