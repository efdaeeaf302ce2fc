package dev.berth.controlplane.orchestrator.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartHistoryTest {
  private final RestartHistory history =
      new RestartHistory(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30)), 3);

  @Test
  void aProcessThatNeverBecomesReadyIsCrashLoopingAfterThreeRestarts() {
    for (int restart = 1; restart <= 3; restart++) {
      RestartHistory.Decision decision = history.exited();
      assertThat(decision.crashLooping()).as("exit before restart %d", restart).isFalse();
      assertThat(decision.delay()).isEqualTo(Duration.ofSeconds(1L << (restart - 1)));
      history.restarted();
    }

    RestartHistory.Decision fourthExit = history.exited();

    assertThat(fourthExit.crashLooping()).isTrue();
    assertThat(fourthExit.delay()).isEqualTo(Duration.ofSeconds(8));
    assertThat(history.restarts()).isEqualTo(3);
  }

  @Test
  void becomingReadyForgivesEarlierRestartsButKeepsTheirCount() {
    history.exited();
    history.restarted();
    history.exited();
    history.restarted();
    history.ready();

    RestartHistory.Decision decision = history.exited();

    assertThat(decision.crashLooping()).isFalse();
    assertThat(decision.delay()).isEqualTo(Duration.ofSeconds(1));
    assertThat(history.restarts()).isEqualTo(2);
    assertThat(history.restartsSinceReady()).isZero();
  }
}
