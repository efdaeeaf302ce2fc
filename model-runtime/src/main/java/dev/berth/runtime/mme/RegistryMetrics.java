package dev.berth.runtime.mme;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The registry's meters: {@code berth.runtime.mme.loads} by outcome, {@code berth.runtime.mme.load}
 * (stage + load + warm-up of the loads that succeeded), {@code berth.runtime.mme.evictions}, {@code
 * berth.runtime.mme.unloads}, and the memory charged to the budget. The number of loaded models is
 * the server's {@code berth.runtime.models.loaded}, read from {@link ModelRegistry#loadedCount()},
 * so single- and multi-model runtimes report it alike.
 */
final class RegistryMetrics {
  private final MeterRegistry registry;
  private final Map<LoadStatus, Counter> loads = new EnumMap<>(LoadStatus.class);
  private final Timer loadTime;
  private final Counter evictions;
  private final Counter unloads;
  private final List<Meter> meters = new ArrayList<>();

  RegistryMetrics(MeterRegistry registry, ModelRegistry<?> models) {
    this.registry = registry;
    for (LoadStatus status : LoadStatus.values()) {
      if (status != LoadStatus.ALREADY_LOADED) {
        loads.put(
            status,
            keep(
                Counter.builder("berth.runtime.mme.loads")
                    .description("Model loads in multi-model mode, by outcome")
                    .tag("outcome", status.name().toLowerCase(Locale.ROOT))
                    .register(registry)));
      }
    }
    loadTime =
        keep(
            Timer.builder("berth.runtime.mme.load")
                .description("Time to fetch, load and warm up a model in multi-model mode")
                .register(registry));
    evictions =
        keep(
            Counter.builder("berth.runtime.mme.evictions")
                .description("Models evicted, least recently used first, to make room for another")
                .register(registry));
    unloads =
        keep(
            Counter.builder("berth.runtime.mme.unloads")
                .description("Models unloaded on request, or after a call with the cache disabled")
                .register(registry));
    keep(
        Gauge.builder("berth.runtime.mme.memory.used", models, ModelRegistry::usedBytes)
            .description("Estimated memory of the loaded models, charged against the budget")
            .baseUnit("bytes")
            .register(registry));
    keep(
        Gauge.builder("berth.runtime.mme.memory.budget", models, m -> m.budget().bytes())
            .description("The memory budget of the loaded models")
            .baseUnit("bytes")
            .register(registry));
  }

  void loaded(long nanos) {
    loads.get(LoadStatus.READY).increment();
    loadTime.record(Duration.ofNanos(nanos));
  }

  void loadFailed(LoadStatus status) {
    loads.get(status).increment();
  }

  void evicted() {
    evictions.increment();
  }

  void unloaded() {
    unloads.increment();
  }

  /** Takes the meters off the registry, so a closed registry's gauges do not linger. */
  void close() {
    meters.forEach(registry::remove);
  }

  private <T extends Meter> T keep(T meter) {
    meters.add(meter);
    return meter;
  }
}
