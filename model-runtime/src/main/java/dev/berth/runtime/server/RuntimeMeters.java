package dev.berth.runtime.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The runtime's metrics, made once the inference port is bound: loading Micrometer and the
 * Prometheus client takes a good part of the runtime's start, and the bind need not wait for it.
 * {@link RuntimeServer} touches these types only through this record, so that verifying its own
 * code does not load them before the bind.
 *
 * @param prometheus the registry {@code /metrics} scrapes
 * @param registry the same registry, for the meters of models and batchers
 * @param runtime the runtime's own request metrics
 */
record RuntimeMeters(
    PrometheusMeterRegistry prometheus, MeterRegistry registry, RuntimeMetrics runtime) {

  /** The registry and the runtime's own meters on it. */
  static RuntimeMeters create() {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    return new RuntimeMeters(prometheus, prometheus, new RuntimeMetrics(prometheus));
  }
}
