package dev.berth.runtime.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runtime's request metrics: {@code berth_runtime_requests_seconds} by status, errors, and
 * whether the model is loaded. The model loader and batcher register their own meters (load time,
 * queue depth and time, batch sizes, rejections) on the same registry.
 */
final class RuntimeMetrics {
  private final MeterRegistry registry;
  private final ConcurrentHashMap<Integer, Timer> byStatus = new ConcurrentHashMap<>();
  private final Counter errors;
  private final java.util.concurrent.atomic.AtomicInteger loaded;

  RuntimeMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.errors =
        Counter.builder("berth.runtime.errors")
            .description("Invocations answered with an error status")
            .register(registry);
    this.loaded =
        registry.gauge(
            "berth.runtime.models.loaded", new java.util.concurrent.atomic.AtomicInteger());
  }

  void request(int status, long nanos) {
    byStatus
        .computeIfAbsent(
            status,
            s ->
                Timer.builder("berth.runtime.requests")
                    .description("Invocations by HTTP status")
                    .tag("status", Integer.toString(s))
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofNanos(50_000))
                    .maximumExpectedValue(Duration.ofSeconds(60))
                    .register(registry))
        .record(Duration.ofNanos(nanos));
    if (status >= 400) {
      errors.increment();
    }
  }

  void modelLoaded() {
    loaded.set(1);
  }
}
