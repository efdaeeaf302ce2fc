package dev.berth.runtime.batch;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link DynamicBatcher} groups jobs: at most {@code batchSize} jobs per batch, waiting for
 * announced jobs at most {@code maxBatchDelay} after the first job of a batch arrived, with at most
 * {@code queueCapacity} jobs waiting. A {@code batchSize} of 1 runs every job alone (no batching).
 *
 * @param batchSize the most jobs one batch holds, at least 1
 * @param maxBatchDelay how long a batch may wait for announced jobs to fill it up
 * @param queueCapacity the most jobs waiting to run, at least 1
 */
public record BatchPolicy(int batchSize, Duration maxBatchDelay, int queueCapacity) {

  /** Checks that every limit is usable. */
  public BatchPolicy {
    Objects.requireNonNull(maxBatchDelay, "maxBatchDelay");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("queue capacity must be at least 1, got " + queueCapacity);
    }
    if (maxBatchDelay.isNegative()) {
      throw new IllegalArgumentException("max batch delay must not be negative");
    }
  }
}
