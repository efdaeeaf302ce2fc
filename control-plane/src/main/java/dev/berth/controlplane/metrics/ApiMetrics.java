package dev.berth.controlplane.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests by operation and outcome, with latency histograms: {@code berth_api_requests_seconds}
 * tagged {@code operation} and {@code code} ({@code OK} or the SageMaker error code).
 */
public final class ApiMetrics {
  private final MeterRegistry registry;
  private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();

  public ApiMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Records one request of {@code operation} that ended with {@code code} after {@code nanos}. */
  public void record(String operation, String code, long nanos) {
    timers
        .computeIfAbsent(
            operation + '\0' + code,
            k ->
                Timer.builder("berth.api.requests")
                    .description("Control-plane API requests by operation and outcome")
                    .tag("operation", operation)
                    .tag("code", code)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofNanos(100_000))
                    .maximumExpectedValue(Duration.ofSeconds(10))
                    .register(registry))
        .record(Duration.ofNanos(nanos));
  }
}
