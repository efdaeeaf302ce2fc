package dev.berth.dataplane.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The data plane's meters, scraped from the admin port: SageMaker's CloudWatch names per endpoint
 * and variant ({@link VariantMeters}), and Berth's own counters of connections and refusals.
 */
public final class DataPlaneMetrics {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ConcurrentHashMap<VariantKey, VariantMeters> variants = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Counter> rejections = new ConcurrentHashMap<>();
  private final Counter connectionsRefused;
  private final Counter upstreamConnects;
  private final Counter upstreamRetries;

  private record VariantKey(String account, String endpoint, String variant) {}

  public DataPlaneMetrics() {
    connectionsRefused =
        Counter.builder("berth.dataplane.connections.refused")
            .description("Client connections closed at once: max connections reached")
            .register(registry);
    upstreamConnects =
        Counter.builder("berth.dataplane.upstream.connects")
            .description("Connections opened to runtime instances")
            .register(registry);
    upstreamRetries =
        Counter.builder("berth.dataplane.upstream.retries")
            .description("Invocations sent again after a refused or stale connection")
            .register(registry);
  }

  /** Registers gauges read from the server's state. */
  public void gauges(
      Supplier<Number> connections, Supplier<Number> inFlight, Supplier<Number> endpoints) {
    Gauge.builder("berth.dataplane.connections", connections, s -> s.get().doubleValue())
        .description("Client connections open")
        .register(registry);
    Gauge.builder("berth.dataplane.requests.inflight", inFlight, s -> s.get().doubleValue())
        .description("Invocations in flight")
        .register(registry);
    Gauge.builder("berth.dataplane.routes.endpoints", endpoints, s -> s.get().doubleValue())
        .description("Serving endpoints in the route table")
        .register(registry);
  }

  /** The SageMaker meters of one variant. */
  public VariantMeters variant(String account, String endpoint, String variant) {
    return variants.computeIfAbsent(
        new VariantKey(account, endpoint, variant),
        k -> new VariantMeters(registry, k.account(), k.endpoint(), k.variant()));
  }

  /**
   * Counts a request answered by the data plane itself, by why: {@code auth}, {@code validation},
   * {@code not_found}, {@code payload_too_large}, {@code no_instance}, {@code header_too_large},
   * {@code read_timeout}, {@code bad_request}, {@code unknown_operation}.
   */
  public void rejected(String reason) {
    rejections
        .computeIfAbsent(
            reason,
            r ->
                Counter.builder("berth.dataplane.requests.rejected")
                    .description("Requests the data plane answered itself, by reason")
                    .tag("reason", r)
                    .register(registry))
        .increment();
  }

  public void connectionRefused() {
    connectionsRefused.increment();
  }

  public void upstreamConnect() {
    upstreamConnects.increment();
  }

  public void upstreamRetry() {
    upstreamRetries.increment();
  }

  /** The registry, for more meters. */
  public MeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text of every meter. */
  public String scrape() {
    return registry.scrape();
  }
}
