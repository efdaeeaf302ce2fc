package dev.berth.runtime.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * The runtime's request metrics: {@code berth_runtime_requests_seconds} by status, errors, and
 * whether the model is loaded. The model loader and batcher register their own meters (load time,
 * queue depth and time, batch sizes, rejections) on the same registry.
 */
final class RuntimeMetrics {
  private final MeterRegistry registry;
  private final ConcurrentHashMap<Integer, Timer> byStatus = new ConcurrentHashMap<>();
  private final Counter errors;
  // Read by the gauge: 0 or 1 for one model, the registry's count in multi-model mode.
  private volatile IntSupplier loaded = () -> 0;

  RuntimeMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.errors =
        Counter.builder("berth.runtime.errors")
            .description("Invocations answered with an error status")
            .register(registry);
    Gauge.builder("berth.runtime.models.loaded", this, m -> m.loaded.getAsInt())
        .description("Models loaded and serving")
        .register(registry);
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
    loaded = () -> 1;
  }

  /** In multi-model mode, the gauge reads the number of loaded models from {@code count}. */
  void modelsLoaded(IntSupplier count) {
    loaded = count;
  }
}
