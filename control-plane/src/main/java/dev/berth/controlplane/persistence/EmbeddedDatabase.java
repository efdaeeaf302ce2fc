package dev.berth.controlplane.persistence;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (binaries from Maven, via zonky) whose data lives in a directory that
 * survives restarts: what Berth runs on when no database URL is configured.
 *
 * <p>Usage: {@code try (var db = EmbeddedDatabase.start(dataDir.resolve("postgres"), 0)) { ...
 * db.config() ... }}
 */
public final class EmbeddedDatabase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
  private static final String DATABASE = "berth";

  private final EmbeddedPostgres postgres;
  private final DatabaseConfig config;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
    this.config =
        new DatabaseConfig(
            postgres.getJdbcUrl("postgres", DATABASE),
            "postgres",
            "",
            DatabaseConfig.DEFAULT_POOL_SIZE);
  }

  /**
   * Starts PostgreSQL on {@code dataDir} (created on first use, reused afterwards).
   *
   * @param dataDir the cluster directory; its parent also holds the unpacked binaries
   * @param port the port to listen on, or 0 for a free one
   */
  public static EmbeddedDatabase start(Path dataDir, int port) {
    try {
      Files.createDirectories(dataDir);
      boolean fresh = !Files.exists(dataDir.resolve("PG_VERSION"));
      if (fresh) {
        LOG.info(
            "Initialising a new embedded PostgreSQL in {} (first start takes a few seconds)",
            dataDir);
      }
      stopOrphan(dataDir);
      Path binaries = dataDir.toAbsolutePath().getParent().resolve("postgres-binaries");
      Files.createDirectories(binaries);
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDir)
              .setCleanDataDirectory(false)
              .setOverrideWorkingDirectory(binaries.toFile())
              .setPGStartupWait(Duration.ofSeconds(60))
              // Stopped by close(), last: zonky's own hook would stop it on SIGTERM while the
              // servers using it still drain. A server killed before close() leaves it running;
              // stopOrphan() above stops such a leftover on the next start.
              .setRegisterShutdownHook(false)
              // Listen on loopback only: the embedded server trusts local connections.
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setServerConfig("max_connections", "100");
      if (port > 0) {
        builder.setPort(port);
      }
      EmbeddedPostgres postgres = builder.start();
      createDatabaseIfMissing(postgres);
      return new EmbeddedDatabase(postgres);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the embedded PostgreSQL in " + dataDir, e);
    }
  }

  /**
   * A Berth that was killed (kill -9, a crash) leaves its PostgreSQL running on the data directory,
   * which would refuse a second server. Stop that orphan first.
   */
  private static void stopOrphan(Path dataDir) throws IOException {
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    String first = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
    long pid;
    try {
      pid = Long.parseLong(first);
    } catch (NumberFormatException e) {
      return;
    }
    var orphan = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (orphan.isEmpty()
        || !orphan.get().info().command().map(c -> c.endsWith("postgres")).orElse(false)) {
      return;
    }
    LOG.warn("Stopping PostgreSQL {} left running on {} by an earlier Berth", pid, dataDir);
    orphan.get().destroy();
    try {
      orphan.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IOException("PostgreSQL " + pid + " on " + dataDir + " did not stop", e);
    }
  }

  private static void createDatabaseIfMissing(EmbeddedPostgres postgres) throws IOException {
    try (var connection = postgres.getPostgresDatabase().getConnection();
        var statement = connection.createStatement()) {
      var rows =
          statement.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'");
      if (!rows.next()) {
        statement.execute("create database " + DATABASE);
      }
    } catch (java.sql.SQLException e) {
      throw new IOException("could not create database " + DATABASE, e);
    }
  }

  /** How to connect to this server. */
  public DatabaseConfig config() {
    return config;
  }

  /** The port the server listens on. */
  public int port() {
    return postgres.getPort();
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      LOG.warn("embedded PostgreSQL did not stop cleanly", e);
    }
  }
}
