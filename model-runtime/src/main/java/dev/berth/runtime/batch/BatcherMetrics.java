package dev.berth.runtime.batch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The meters one {@link DynamicBatcher} reports to, under names a Prometheus scrape shows as {@code
 * berth_runtime_queue_depth}, {@code berth_runtime_batch_size} (histogram), {@code
 * berth_runtime_queue_time_seconds} (histogram), {@code berth_runtime_inference_seconds}
 * (histogram, one observation per batch) and {@code berth_runtime_rejections_total}.
 *
 * <p>Usage: {@code new BatcherMetrics(registry, Tags.of("model", name))}.
 */
public final class BatcherMetrics {
  private static final double[] BATCH_BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128, 256};

  private final MeterRegistry registry;
  private final Tags tags;
  private final DistributionSummary batchSize;
  private final Timer queueTime;
  private final Timer inference;
  private final Counter rejections;
  private Gauge queueDepth;

  /** Meters in {@code registry}, each carrying {@code tags} (e.g. the model name). */
  public BatcherMetrics(MeterRegistry registry, Tags tags) {
    this.registry = registry;
    this.tags = tags;
    this.batchSize =
        DistributionSummary.builder("berth.runtime.batch.size")
            .description("Jobs per forward pass")
            .serviceLevelObjectives(BATCH_BUCKETS)
            .tags(tags)
            .register(registry);
    this.queueTime =
        Timer.builder("berth.runtime.queue.time")
            .description("Time a job waited before its batch ran")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(100_000))
            .maximumExpectedValue(Duration.ofSeconds(30))
            .tags(tags)
            .register(registry);
    this.inference =
        Timer.builder("berth.runtime.inference")
            .description("Time one batch took to run")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(100_000))
            .maximumExpectedValue(Duration.ofSeconds(60))
            .tags(tags)
            .register(registry);
    this.rejections =
        Counter.builder("berth.runtime.rejections")
            .description("Jobs refused because the queue was full")
            .tags(tags)
            .register(registry);
  }

  /** Meters that record nothing, for callers without a registry. */
  public static BatcherMetrics none() {
    return new BatcherMetrics(new CompositeMeterRegistry(), Tags.empty());
  }

  /** Registers the queue depth gauge, read from {@code depth} at scrape time. */
  void watchQueueDepth(Supplier<Number> depth) {
    queueDepth =
        Gauge.builder("berth.runtime.queue.depth", depth)
            .description("Jobs waiting to run")
            .tags(tags)
            .strongReference(true)
            .register(registry);
  }

  /**
   * Removes these meters from the registry, so that a model loaded again under the same tags starts
   * fresh and an unloaded model's gauge does not keep its batcher alive.
   */
  void remove() {
    registry.remove(batchSize);
    registry.remove(queueTime);
    registry.remove(inference);
    registry.remove(rejections);
    if (queueDepth != null) {
      registry.remove(queueDepth);
    }
  }

  void batchRan(int jobs, long nanos) {
    batchSize.record(jobs);
    inference.record(Duration.ofNanos(nanos));
  }

  void waited(long nanos) {
    queueTime.record(Duration.ofNanos(nanos));
  }

  void rejected() {
    rejections.increment();
  }
}
