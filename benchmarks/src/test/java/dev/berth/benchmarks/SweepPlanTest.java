package dev.berth.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SweepPlanTest {
  private static SweepPlan plan(String step) {
    double[] s = SweepPlan.parseStep(step);
    return new SweepPlan(
        10, s[0], s[1], 1000, Duration.ofSeconds(1), Duration.ZERO, Slo.parse("p99<5ms"), 0.01);
  }

  @Test
  void anAddedStepAddsAndAFactorMultiplies() {
    assertThat(plan("+50").next(100)).isEqualTo(150);
    assertThat(plan("50").next(100)).isEqualTo(150);
    assertThat(plan("x1.5").next(100)).isEqualTo(150);
    // Never stuck: at least one more request per second each step.
    assertThat(plan("x1.01").next(10)).isEqualTo(11);
  }

  @Test
  void refusesAStepThatCannotClimb() {
    assertThatThrownBy(() -> plan("x1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> plan("0")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SweepPlan.parseStep("fast"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void durationsReadAsTyped() {
    assertThat(HumanDuration.parse("60s")).isEqualTo(Duration.ofSeconds(60));
    assertThat(HumanDuration.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(HumanDuration.parse("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(HumanDuration.parse("1.5")).isEqualTo(Duration.ofMillis(1500));
    assertThatThrownBy(() -> HumanDuration.parse("soon"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
