package dev.berth.controlplane;

import dev.berth.controlplane.persistence.DatabaseConfig;
import dev.berth.controlplane.persistence.EmbeddedDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The PostgreSQL the integration tests run on: a Testcontainers PostgreSQL 17 where a Docker engine
 * is present, else the embedded PostgreSQL Berth itself uses. One per test JVM.
 */
public final class TestDatabase {
  private static DatabaseConfig config;

  private TestDatabase() {}

  /** Starts the database on first use. */
  public static synchronized DatabaseConfig config() {
    if (config == null) {
      config = start();
    }
    return config;
  }

  /**
   * A new, empty database on the same server, for tests that must not see (or touch) the shared
   * one's rows — a reconciler would otherwise run every other test's endpoints.
   */
  public static synchronized DatabaseConfig fresh(String name) {
    DatabaseConfig shared = config();
    try (var c =
            java.sql.DriverManager.getConnection(
                shared.jdbcUrl(), shared.user(), shared.password());
        var s = c.createStatement()) {
      s.execute("drop database if exists " + name + " with (force)");
      s.execute("create database " + name);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    String url = shared.jdbcUrl();
    int slash = url.indexOf('/', "jdbc:postgresql://".length());
    int query = url.indexOf('?', slash);
    String rest = query < 0 ? "" : url.substring(query);
    return new DatabaseConfig(
        url.substring(0, slash + 1) + name + rest, shared.user(), shared.password(), 4);
  }

  /** Which kind of database the tests run on, for test reports. */
  public static String kind() {
    return dockerAvailable() ? "Testcontainers PostgreSQL" : "embedded PostgreSQL";
  }

  private static DatabaseConfig start() {
    if (dockerAvailable()) {
      PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine");
      container.start();
      Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
      return new DatabaseConfig(
          container.getJdbcUrl(), container.getUsername(), container.getPassword(), 8);
    }
    System.out.println(
        "[berth tests] No Docker engine: running on the embedded PostgreSQL instead of"
            + " Testcontainers.");
    try {
      Path dir = Files.createTempDirectory("berth-it-pg");
      EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("postgres"), 0);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    db.close();
                    deleteTree(dir);
                  }));
      return db.config();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The cluster and the unpacked binaries take about 100 MB: leave nothing behind in /tmp. */
  private static void deleteTree(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException e) {
      System.err.println("[berth tests] could not delete " + dir + ": " + e);
    }
  }

  private static boolean dockerAvailable() {
    // Asking Testcontainers without any Docker socket only logs a page of errors; skip that.
    if (System.getenv("DOCKER_HOST") == null && !Files.exists(Path.of("/var/run/docker.sock"))) {
      return false;
    }
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (Throwable t) {
      return false;
    }
  }
}
