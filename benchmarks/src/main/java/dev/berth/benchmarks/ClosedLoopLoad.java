package dev.berth.benchmarks;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The closed loop: {@code lanes} requests always in flight, each answer followed at once by the
 * next request. It finds the peak rate; its latencies are those of a saturated server and say
 * nothing about latency at a given rate (use {@link OpenLoopLoad} for that).
 *
 * <p>Usage: {@code new ClosedLoopLoad(target, source, 16, warmup, duration, System.err::println)
 * .run()}
 */
public final class ClosedLoopLoad extends LoadRun {
  private final int lanes;

  /**
   * @param lanes requests kept in flight: connections × requests per connection
   */
  public ClosedLoopLoad(
      LoadTarget target,
      LoadRequest.Source source,
      int lanes,
      Duration warmup,
      Duration duration,
      Consumer<String> progress) {
    super(target, source, warmup, duration, progress);
    this.lanes = lanes;
  }

  @Override
  protected void begin() {
    for (int i = 0; i < lanes; i++) {
      send(System.nanoTime());
    }
  }

  @Override
  protected void answered() {
    long now = System.nanoTime();
    if (now < measureUntil) {
      send(now);
    } else {
      stopSending();
    }
  }
}
