package dev.berth.runtime.batch;

/** The batcher is shutting down (draining) and takes no new jobs. */
public final class BatcherClosedException extends JobRejectedException {

  /** Creates the exception for the batcher named {@code batcher}. */
  public BatcherClosedException(String batcher) {
    super(batcher + " is shutting down and takes no new requests.");
  }
}
