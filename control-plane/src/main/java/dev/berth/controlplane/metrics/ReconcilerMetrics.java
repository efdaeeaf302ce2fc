package dev.berth.controlplane.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the reconciler does: {@code berth_reconciler_steps_seconds} by {@code outcome} ({@code
 * saved}, {@code deleted}, {@code retry}, {@code error}), {@code berth_endpoint_transitions_total}
 * by the status an endpoint moved {@code to}, and {@code berth_fleet_removals_total}.
 */
public final class ReconcilerMetrics {
  private final MeterRegistry registry;
  private final ConcurrentHashMap<String, Timer> steps = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Counter> transitions = new ConcurrentHashMap<>();
  private final Counter removals;

  public ReconcilerMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.removals =
        Counter.builder("berth.fleet.removals")
            .description("Fleets the reconciler asked the orchestrator to remove")
            .register(registry);
  }

  /** One step that ended in {@code outcome} after {@code nanos}. */
  public void step(String outcome, long nanos) {
    steps
        .computeIfAbsent(
            outcome,
            o ->
                Timer.builder("berth.reconciler.steps")
                    .description("Reconciliation steps by outcome")
                    .tag("outcome", o)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofNanos(100_000))
                    .maximumExpectedValue(Duration.ofSeconds(30))
                    .register(registry))
        .record(Duration.ofNanos(nanos));
  }

  /** An endpoint moved to {@code status}. */
  public void transition(String status) {
    transitions
        .computeIfAbsent(
            status,
            s ->
                Counter.builder("berth.endpoint.transitions")
                    .description("Endpoint status changes made by the reconciler")
                    .tag("to", s)
                    .register(registry))
        .increment();
  }

  /** A fleet removal was asked for. */
  public void removal() {
    removals.increment();
  }
}
