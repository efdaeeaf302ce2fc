package dev.berth.runtime.batch;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A job its caller has announced to a {@link DynamicBatcher} before it can submit it, e.g. a
 * request whose body is still being read and decoded. While announced jobs are on their way, a
 * batch that is not full waits for them (never longer than {@code maxBatchDelay}); with none on
 * their way it runs at once. Submitting the job with {@link DynamicBatcher#submit(Object, Object,
 * ExpectedJob)} hands the announcement to the batcher, which ends it when its worker takes the job;
 * {@link #close()} withdraws it when the job will never come (a bad request, a closed connection).
 * Closing after the submit, or twice, does nothing.
 *
 * <p>Usage:
 *
 * <pre>{@code
 * ExpectedJob coming = batcher.expect();   // as the request arrives
 * ...                                       // read and decode its body
 * batcher.submit(input, key, coming);       // or coming.close() when there is nothing to run
 * }</pre>
 */
public final class ExpectedJob implements AutoCloseable {
  private static final int ANNOUNCED = 0;
  private static final int SUBMITTED = 1;
  private static final int WITHDRAWN = 2;

  private final AtomicInteger expected;
  private final Runnable wakeUp;
  private final AtomicInteger state = new AtomicInteger(ANNOUNCED);

  ExpectedJob(AtomicInteger expected, Runnable wakeUp) {
    this.expected = expected;
    this.wakeUp = wakeUp;
    expected.incrementAndGet();
  }

  /**
   * Marks the job as queued: it stays expected until the worker takes it ({@link #taken()}), so a
   * worker never waits for a job that is already in its queue nor runs without one still coming.
   *
   * @return false when the announcement was withdrawn already: the job then counts as unannounced
   */
  boolean submitted() {
    return state.compareAndSet(ANNOUNCED, SUBMITTED);
  }

  /** The worker took the submitted job off the queue. */
  void taken() {
    expected.decrementAndGet();
  }

  /** Withdraws the announcement, if the job was not submitted. */
  @Override
  public void close() {
    if (state.compareAndSet(ANNOUNCED, WITHDRAWN) && expected.decrementAndGet() == 0) {
      // A worker waiting for this job alone would otherwise sit out the rest of its delay.
      wakeUp.run();
    }
  }
}
