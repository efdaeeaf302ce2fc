package dev.berth.controlplane.persistence;

/**
 * Where the control plane's PostgreSQL is.
 *
 * @param jdbcUrl {@code jdbc:postgresql://host:port/db}; Flyway uses it as is and Hibernate
 *     Reactive derives the Vert.x client's address from it
 * @param user the database user
 * @param password the password, or empty
 * @param poolSize the reactive connection pool size
 */
public record DatabaseConfig(String jdbcUrl, String user, String password, int poolSize) {
  /** The default pool size: enough for a 2-core machine to keep PostgreSQL busy. */
  public static final int DEFAULT_POOL_SIZE = 8;

  public DatabaseConfig {
    if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql://")) {
      throw new IllegalArgumentException(
          "database URL must look like jdbc:postgresql://host:port/db, got " + jdbcUrl);
    }
    password = password == null ? "" : password;
    if (poolSize < 1) {
      throw new IllegalArgumentException("pool size must be at least 1");
    }
  }
}
