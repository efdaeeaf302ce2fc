package dev.berth.dataplane.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * SageMaker's invocation metrics for one production variant of one endpoint, under their CloudWatch
 * names: {@code Invocations}, {@code Invocation4XXErrors}, {@code Invocation5XXErrors} (by the
 * container's status; a timeout counts as 5XX), {@code ModelLatency}, {@code OverheadLatency} (the
 * time the data plane added: total less model latency) and {@code InvocationsPerInstance} (tagged
 * by instance).
 */
public final class VariantMeters {
  private final MeterRegistry registry;
  private final Tags tags;
  private final Counter invocations;
  private final Counter errors4xx;
  private final Counter errors5xx;
  private final Timer modelLatency;
  private final Timer overheadLatency;
  private final ConcurrentHashMap<String, Counter> perInstance = new ConcurrentHashMap<>();

  VariantMeters(MeterRegistry registry, String account, String endpoint, String variant) {
    this.registry = registry;
    this.tags = Tags.of("account", account, "EndpointName", endpoint, "VariantName", variant);
    invocations =
        Counter.builder("Invocations")
            .description("InvokeEndpoint requests sent to the variant")
            .tags(tags)
            .register(registry);
    errors4xx =
        Counter.builder("Invocation4XXErrors")
            .description("Invocations the container answered with a 4xx status")
            .tags(tags)
            .register(registry);
    errors5xx =
        Counter.builder("Invocation5XXErrors")
            .description("Invocations the container answered with a 5xx status or not in time")
            .tags(tags)
            .register(registry);
    modelLatency = latency("ModelLatency", "Time the container took to answer", registry);
    overheadLatency =
        latency("OverheadLatency", "Time the data plane added to the container's", registry);
  }

  private Timer latency(String name, String description, MeterRegistry registry) {
    return Timer.builder(name)
        .description(description)
        .tags(tags)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(20_000))
        .maximumExpectedValue(Duration.ofSeconds(60))
        .register(registry);
  }

  /** One invocation sent to {@code instance}. */
  public void invoked(String instance) {
    invocations.increment();
    perInstance
        .computeIfAbsent(
            instance,
            i ->
                Counter.builder("InvocationsPerInstance")
                    .description("Invocations sent to each instance of the variant")
                    .tags(tags.and("instance", i))
                    .register(registry))
        .increment();
  }

  /**
   * The invocation ended.
   *
   * @param containerStatus the container's status, 0 when it did not answer
   * @param modelNanos how long the container took, -1 when it did not answer
   * @param totalNanos how long the whole invocation took
   */
  public void completed(int containerStatus, long modelNanos, long totalNanos) {
    if (containerStatus >= 400 && containerStatus < 500) {
      errors4xx.increment();
    } else if (containerStatus >= 500 || containerStatus == 0) {
      errors5xx.increment();
    }
    if (modelNanos >= 0) {
      modelLatency.record(modelNanos, TimeUnit.NANOSECONDS);
      overheadLatency.record(Math.max(0, totalNanos - modelNanos), TimeUnit.NANOSECONDS);
    }
  }
}
