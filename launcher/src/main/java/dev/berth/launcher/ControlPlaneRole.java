package dev.berth.launcher;

import dev.berth.controlplane.ControlPlane;
import dev.berth.controlplane.ControlPlaneConfig;
import dev.berth.controlplane.orchestrator.InstanceTypeCatalog;
import dev.berth.controlplane.orchestrator.Orchestrator;
import dev.berth.controlplane.persistence.DatabaseConfig;
import dev.berth.controlplane.persistence.EmbeddedDatabase;
import dev.berth.controlplane.reconciler.ReconcilerSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the control plane with its database: the embedded PostgreSQL in the data directory when no
 * database URL is configured, else the configured server. Stops both in reverse order.
 */
final class ControlPlaneRole implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ControlPlaneRole.class);
  static final int DEFAULT_PORT = 8600;

  private final EmbeddedDatabase embedded;
  private final ControlPlane controlPlane;
  private final Resolved resolved;

  /**
   * The settings after layering.
   *
   * @param bind the listen address
   * @param port the port
   * @param dataDir the data directory
   * @param dbUrl the configured database URL, or null for the embedded one
   * @param loopback whether the listen address is a loopback address
   */
  record Resolved(String bind, int port, Path dataDir, String dbUrl, boolean loopback) {}

  private ControlPlaneRole(
      EmbeddedDatabase embedded, ControlPlane controlPlane, Resolved resolved) {
    this.embedded = embedded;
    this.controlPlane = controlPlane;
    this.resolved = resolved;
  }

  /**
   * Starts the role.
   *
   * @param options the command line
   * @param loopbackKey whether to provide the {@code test}/{@code test} key on a loopback bind
   */
  static ControlPlaneRole start(ServerOptions options, boolean loopbackKey) {
    Settings settings = Settings.load(options.config);
    String bind = settings.get("bind", options.bind, "127.0.0.1");
    int port = settings.getInt("port", options.port, DEFAULT_PORT);
    Path dataDir =
        Path.of(
            settings.get(
                "data-dir",
                options.dataDir == null ? null : options.dataDir.toString(),
                Path.of(System.getProperty("user.home"), ".berth").toString()));
    String dbUrl = settings.get("db-url", options.dbUrl, null);
    boolean loopback = isLoopback(bind);
    Resolved resolved = new Resolved(bind, port, dataDir.toAbsolutePath(), dbUrl, loopback);

    Optional<ControlPlaneConfig.BootstrapKey> key = adminKey(settings);
    if (key.isEmpty() && loopbackKey && loopback) {
      key = Optional.of(ControlPlaneConfig.BootstrapKey.LOOPBACK);
    }
    if (!loopback
        && key.map(k -> k.equals(ControlPlaneConfig.BootstrapKey.LOOPBACK)).orElse(false)) {
      throw new IllegalArgumentException(
          "refusing the test/test key on " + bind + ": it is for loopback only");
    }

    EmbeddedDatabase embedded = null;
    DatabaseConfig database;
    if (dbUrl == null) {
      LOG.info("Starting the embedded PostgreSQL in {}", resolved.dataDir().resolve("postgres"));
      embedded = EmbeddedDatabase.start(resolved.dataDir().resolve("postgres"), 0);
      database = embedded.config();
    } else {
      database =
          new DatabaseConfig(
              dbUrl,
              settings.get("db-user", options.dbUser, "postgres"),
              settings.get("db-password", options.dbPassword, ""),
              DatabaseConfig.DEFAULT_POOL_SIZE);
    }
    Orchestrator orchestrator = null;
    try {
      InstanceTypeCatalog catalog =
          InstanceTypeCatalog.load(
              Optional.ofNullable(
                      settings.get(
                          "instance-types-file",
                          options.instanceTypesFile == null
                              ? null
                              : options.instanceTypesFile.toString(),
                          null))
                  .map(Path::of));
      String instanceTypes = settings.get("instance-types", options.instanceTypes, "");
      ControlPlaneConfig config =
          new ControlPlaneConfig(
              bind,
              port,
              database,
              key,
              csv(settings.get("regions", options.regions, "")).stream()
                  .collect(Collectors.toSet()),
              Duration.ofMinutes(5),
              instanceTypes.isBlank() ? catalog.names() : csv(instanceTypes),
              0);
      orchestrator =
          Orchestrators.create(settings, options, resolved.dataDir(), catalog).orElse(null);
      ReconcilerSettings reconciler =
          ReconcilerSettings.defaults()
              .withTimeouts(
                  Duration.ofSeconds(
                      settings.getInt(
                          "startup-timeout",
                          options.startupTimeout,
                          (int) ReconcilerSettings.DEFAULT_STARTUP_TIMEOUT.toSeconds())),
                  ReconcilerSettings.defaults().capacityWait(),
                  ReconcilerSettings.defaults().drainDelay());
      return new ControlPlaneRole(
          embedded, ControlPlane.start(config, orchestrator, reconciler), resolved);
    } catch (RuntimeException e) {
      // ControlPlane.start closes the orchestrator it was given when it fails.
      if (embedded != null) {
        embedded.close();
      }
      throw e;
    }
  }

  /** What the settings resolved to. */
  Resolved resolved() {
    return resolved;
  }

  /** The port the API listens on. */
  int port() {
    return controlPlane.port();
  }

  @Override
  public void close() {
    controlPlane.close();
    if (embedded != null) {
      embedded.close();
    }
  }

  private static Optional<ControlPlaneConfig.BootstrapKey> adminKey(Settings settings) {
    String id = settings.get("admin-access-key-id", null, null);
    String secret = settings.get("admin-secret-access-key", null, null);
    if (id == null || secret == null) {
      return Optional.empty();
    }
    String account = settings.get("admin-account", null, "000000000000");
    return Optional.of(new ControlPlaneConfig.BootstrapKey(account, id, secret));
  }

  private static List<String> csv(String text) {
    return Arrays.stream(text.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toList());
  }

  private static boolean isLoopback(String bind) {
    try {
      return InetAddress.getByName(bind).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("cannot resolve bind address " + bind, e);
    }
  }
}
