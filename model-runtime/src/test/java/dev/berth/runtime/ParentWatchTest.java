package dev.berth.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link ParentWatch} and the variables that turn it on. */
class ParentWatchTest {
  private static final Duration FAST = Duration.ofMillis(5);

  @Test
  void theCallbackRunsOnceWhenTheParentGoes() throws InterruptedException {
    AtomicBoolean alive = new AtomicBoolean(true);
    AtomicInteger calls = new AtomicInteger();

    Thread watch = ParentWatch.watch(alive::get, FAST, calls::incrementAndGet);
    Thread.sleep(50); // several polls while the parent lives
    assertThat(calls).hasValue(0);
    alive.set(false);

    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(calls).hasValue(1));
    watch.join(5_000);
    assertThat(watch.isAlive()).isFalse();
    assertThat(watch.isDaemon()).isTrue();
  }

  @Test
  void aLiveProcessIsWatchedWithoutFiring() throws InterruptedException {
    AtomicInteger calls = new AtomicInteger();

    Thread watch = ParentWatch.watch(ProcessHandle.current().pid(), FAST, calls::incrementAndGet);
    Thread.sleep(50);

    assertThat(calls).hasValue(0);
    assertThat(watch.isAlive()).isTrue();
    watch.interrupt();
  }

  @Test
  void aProcessThatEndedFiresAtOnce() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    AtomicInteger calls = new AtomicInteger();

    ParentWatch.watch(gone.pid(), FAST, calls::incrementAndGet);

    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(calls).hasValue(1));
  }

  @Test
  void theParentComesFromBerthParentPid() {
    assertThat(SageMakerEnvironment.parentPid(Map.of())).isEmpty();
    assertThat(SageMakerEnvironment.parentPid(Map.of("BERTH_PARENT_PID", " "))).isEmpty();
    assertThat(SageMakerEnvironment.parentPid(Map.of("BERTH_PARENT_PID", "4242")))
        .isEqualTo(OptionalLong.of(4242));
    assertThatThrownBy(() -> SageMakerEnvironment.parentPid(Map.of("BERTH_PARENT_PID", "me")))
        .hasMessage("BERTH_PARENT_PID must be a process id, got 'me'");
    assertThatThrownBy(() -> SageMakerEnvironment.parentPid(Map.of("BERTH_PARENT_PID", "-1")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aRuntimeListensOnEveryAddressUnlessBerthBindHostSaysOtherwise() {
    SageMakerEnvironment.Flags none = new SageMakerEnvironment.Flags(null, null, null, null);

    assertThat(SageMakerEnvironment.resolve(Map.of(), none).bindHost()).isEqualTo("0.0.0.0");
    assertThat(
            SageMakerEnvironment.resolve(Map.of("BERTH_BIND_HOST", "127.0.0.1"), none).bindHost())
        .isEqualTo("127.0.0.1");
  }
}
