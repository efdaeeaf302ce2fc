package dev.berth.launcher;

import dev.berth.controlplane.ControlPlane;
import dev.berth.controlplane.ControlPlaneConfig;
import dev.berth.controlplane.orchestrator.InstanceTypeCatalog;
import dev.berth.controlplane.orchestrator.Orchestrator;
import dev.berth.controlplane.persistence.DatabaseConfig;
import dev.berth.controlplane.persistence.EmbeddedDatabase;
import dev.berth.controlplane.persistence.QuotaDefaults;
import dev.berth.controlplane.reconciler.ReconcilerSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
  private final DatabaseConfig database;

  /** How the control plane is reached, which decides where it listens and which key it makes. */
  enum Mode {
    /**
     * {@code berth control-plane}: it listens on the public address and port itself and makes no
     * development key.
     */
    ALONE,
    /**
     * {@code berth up}: a data plane on the public address and port passes every request that is
     * not a runtime operation through to it, so it listens on 127.0.0.1 on a free port; on a
     * loopback public address it makes the {@code test}/{@code test} key.
     */
    BEHIND_DATA_PLANE
  }

  /**
   * The settings after layering.
   *
   * @param bind the public listen address
   * @param port the public port
   * @param dataDir the data directory
   * @param dbUrl the configured database URL, or null for the embedded one
   * @param loopback whether the public listen address is a loopback address
   * @param regions the regions served; empty serves any well-formed region name
   */
  record Resolved(
      String bind, int port, Path dataDir, String dbUrl, boolean loopback, Set<String> regions) {}

  private ControlPlaneRole(
      EmbeddedDatabase embedded,
      ControlPlane controlPlane,
      Resolved resolved,
      DatabaseConfig database) {
    this.embedded = embedded;
    this.controlPlane = controlPlane;
    this.resolved = resolved;
    this.database = database;
  }

  /**
   * Starts the role.
   *
   * @param options the command line
   * @param settings the file and environment layers of the settings
   * @param mode where it listens and whether it makes the development key
   */
  static ControlPlaneRole start(ServerOptions options, Settings settings, Mode mode) {
    Resolved resolved = resolve(options, settings);
    String bind = resolved.bind();
    int port = resolved.port();
    boolean loopback = resolved.loopback();
    String dbUrl = resolved.dbUrl();

    // The development key depends on the PUBLIC address, never on the internal listener's.
    Optional<ControlPlaneConfig.BootstrapKey> key = adminKey(settings);
    if (key.isEmpty() && mode == Mode.BEHIND_DATA_PLANE && loopback) {
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
      boolean alone = mode == Mode.ALONE;
      ControlPlaneConfig config =
          new ControlPlaneConfig(
              alone ? bind : "127.0.0.1",
              alone ? port : 0,
              database,
              key,
              resolved.regions(),
              Duration.ofMinutes(5),
              instanceTypes.isBlank() ? catalog.names() : csv(instanceTypes),
              0,
              Optional.ofNullable(
                      settings.get(
                          "quotas-file",
                          options.quotasFile == null ? null : options.quotasFile.toString(),
                          null))
                  .map(file -> QuotaDefaults.load(Path.of(file)))
                  .orElse(Map.of()));
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
          embedded, ControlPlane.start(config, orchestrator, reconciler), resolved, database);
    } catch (RuntimeException e) {
      // ControlPlane.start closes the orchestrator it was given when it fails.
      if (embedded != null) {
        embedded.close();
      }
      throw e;
    }
  }

  /** Layers the settings {@link #start} would use, without starting anything. */
  static Resolved resolve(ServerOptions options, Settings settings) {
    String bind = settings.get("bind", options.bind, "127.0.0.1");
    Path dataDir =
        Path.of(
            settings.get(
                "data-dir",
                options.dataDir == null ? null : options.dataDir.toString(),
                Path.of(System.getProperty("user.home"), ".berth").toString()));
    return new Resolved(
        bind,
        settings.getInt("port", options.port, DEFAULT_PORT),
        dataDir.toAbsolutePath(),
        settings.get("db-url", options.dbUrl, null),
        isLoopback(bind),
        Set.copyOf(csv(settings.get("regions", options.regions, ""))));
  }

  /** What the settings resolved to. */
  Resolved resolved() {
    return resolved;
  }

  /**
   * The port the control plane listens on: the public one alone, a free one on 127.0.0.1 behind the
   * data plane.
   */
  int port() {
    return controlPlane.port();
  }

  /** The database it uses (the embedded one's address when none is configured). */
  DatabaseConfig database() {
    return database;
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

  static List<String> csv(String text) {
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
