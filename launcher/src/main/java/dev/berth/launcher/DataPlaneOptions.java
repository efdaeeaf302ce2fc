package dev.berth.launcher;

import dev.berth.dataplane.DataPlaneConfig;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The data plane's own settings, shared by {@code berth up} and {@code berth data-plane}; each also
 * reads {@code BERTH_<NAME>} (which wins) and the {@code --config} file.
 */
final class DataPlaneOptions {
  @Option(
      names = "--admin-port",
      description =
          "Port of the data plane's /metrics (invocation metrics) and /health (env"
              + " BERTH_ADMIN_PORT; default: the port + 1; 0 picks a free port, -1 serves none).")
  Integer adminPort;

  @Option(
      names = "--invocation-timeout",
      description =
          "Seconds an instance may take to answer an invocation, or stay silent in a response"
              + " stream (env BERTH_INVOCATION_TIMEOUT; default 60).")
  Integer invocationTimeout;

  @Option(
      names = "--max-connections",
      description =
          "Client connections held at once; more are closed at once"
              + " (env BERTH_MAX_CONNECTIONS; default 10000).")
  Integer maxConnections;

  @Option(
      names = "--max-inflight-per-instance",
      description =
          "Invocations one instance is given at once; beyond that on every instance of a variant"
              + " the data plane answers 503 ServiceUnavailable at once"
              + " (env BERTH_MAX_INFLIGHT_PER_INSTANCE; default 256).")
  Integer maxInFlightPerInstance;

  /**
   * The admin port after layering: by default the successor of the invocation {@code port} (a free
   * port when the invocation port is itself picked freely); -1 for none.
   */
  int adminPort(Settings settings, int port) {
    return settings.getInt("admin-port", adminPort, port == 0 ? 0 : port + 1);
  }

  /**
   * Applies these settings, layered over the file and the environment, to {@code builder}.
   *
   * @param port the invocation port, whose successor is the default admin port
   */
  DataPlaneConfig.Builder applyTo(DataPlaneConfig.Builder builder, Settings settings, int port) {
    DataPlaneConfig defaults = builder.build();
    int timeout =
        settings.getInt(
            "invocation-timeout",
            invocationTimeout,
            (int) defaults.invocationTimeout().toSeconds());
    if (timeout < 1) {
      throw new IllegalArgumentException(
          "setting invocation-timeout must be at least 1 second, got " + timeout);
    }
    return builder
        .adminPort(adminPort(settings, port))
        .invocationTimeout(Duration.ofSeconds(timeout))
        .maxConnections(
            settings.getInt("max-connections", maxConnections, defaults.maxConnections()))
        .maxInFlightPerInstance(
            settings.getInt(
                "max-inflight-per-instance",
                maxInFlightPerInstance,
                defaults.maxInFlightPerInstance()));
  }
}
