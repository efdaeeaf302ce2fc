package dev.berth.runtime.batch;

/**
 * The batcher's exception family: a job that was not accepted. Both kinds are the caller's cue to
 * retry later (HTTP 503); each is counted where it is thrown.
 */
public abstract sealed class JobRejectedException extends RuntimeException
    permits QueueFullException, BatcherClosedException {

  JobRejectedException(String message) {
    super(message);
  }
}
