package dev.berth.runtime.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.CompletableFuture;
import org.slf4j.LoggerFactory;

/**
 * The runtime's metrics, made on a thread of their own while Vert.x starts: loading Micrometer, the
 * Prometheus client and the logging backend takes about as long as starting Vert.x, and the
 * inference port should wait for neither. {@link RuntimeServer} touches these types only through
 * this record, so that verifying its own code does not load them on the starting thread.
 *
 * @param prometheus the registry {@code /metrics} scrapes
 * @param registry the same registry, for the meters of models and batchers
 * @param runtime the runtime's own request metrics
 */
record RuntimeMeters(
    PrometheusMeterRegistry prometheus, MeterRegistry registry, RuntimeMetrics runtime) {

  /** Starts making the meters on a daemon thread. */
  static CompletableFuture<RuntimeMeters> inBackground() {
    CompletableFuture<RuntimeMeters> meters = new CompletableFuture<>();
    Thread init =
        new Thread(
            () -> {
              try {
                // The logging backend first: Vert.x and the model loader log soon after.
                LoggerFactory.getILoggerFactory();
                PrometheusMeterRegistry prometheus =
                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                meters.complete(
                    new RuntimeMeters(prometheus, prometheus, new RuntimeMetrics(prometheus)));
              } catch (Throwable t) { // whatever it is, the runtime's start reports it
                meters.completeExceptionally(t);
              }
            },
            "berth-runtime-meters");
    init.setDaemon(true);
    init.start();
    return meters;
  }
}
