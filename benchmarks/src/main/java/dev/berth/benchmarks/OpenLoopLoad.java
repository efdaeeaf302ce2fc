package dev.berth.benchmarks;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * The open loop: request {@code i} is due at {@code start + i / rate}, and is sent then whether or
 * not earlier ones were answered. Its latency counts from that intended time, not from when it
 * found a free connection, so a stall is charged to every request scheduled during it — the
 * coordinated-omission correction of HdrHistogram's README and wrk2 — instead of to one slow
 * sample.
 *
 * <p>A 1 ms timer sends whatever has fallen due, so up to a millisecond of the generator's own
 * timer lag is part of every latency. Requests past {@link #MAX_OUTSTANDING} unanswered are not
 * sent but counted as {@code GeneratorBacklog} errors, so an overloaded server cannot make the
 * generator run out of memory.
 *
 * <p>Usage: {@code new OpenLoopLoad(target, source, 1000, warmup, duration, System.err::println)
 * .run()}
 */
public final class OpenLoopLoad extends LoadRun {
  /** Unanswered requests beyond which due requests are counted as errors and not sent. */
  static final int MAX_OUTSTANDING = 20_000;

  private final double rate;
  private long due;
  private long timer;

  /**
   * @param rate requests per second
   */
  public OpenLoopLoad(
      LoadTarget target,
      LoadRequest.Source source,
      double rate,
      Duration warmup,
      Duration duration,
      Consumer<String> progress) {
    super(target, source, warmup, duration, progress);
    if (!(rate > 0)) {
      throw new IllegalArgumentException("rate must be positive");
    }
    this.rate = rate;
  }

  @Override
  protected void begin() {
    timer = target.vertx().setPeriodic(1, ignored -> sendDue());
    sendDue();
  }

  private void sendDue() {
    if (!sending()) {
      return;
    }
    long now = System.nanoTime();
    while (true) {
      // From the start each time, not by adding intervals, so rounding never drifts the rate.
      long intended = startedAt + Math.round(due * 1e9 / rate);
      if (intended >= measureUntil) {
        target.vertx().cancelTimer(timer);
        stopSending();
        return;
      }
      if (intended > now) {
        return;
      }
      due++;
      if (outstanding() >= MAX_OUTSTANDING) {
        refuse(intended, "GeneratorBacklog");
      } else {
        send(intended);
      }
    }
  }
}
