package dev.berth.runtime.batch;

/** The batcher's queue already holds {@code job_queue_size} jobs; thrown at once, never waited. */
public final class QueueFullException extends JobRejectedException {

  /** Creates the exception for a queue of {@code capacity} jobs. */
  public QueueFullException(String batcher, int capacity) {
    super("The queue of " + batcher + " is full (" + capacity + " jobs waiting); retry later.");
  }
}
