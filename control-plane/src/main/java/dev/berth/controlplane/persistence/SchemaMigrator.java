package dev.berth.controlplane.persistence;

import org.flywaydb.core.Flyway;

/** Brings the schema up to date with the versioned migrations in {@code db/migration}. */
public final class SchemaMigrator {
  private SchemaMigrator() {}

  /** Runs pending migrations; blocking (JDBC), so callers keep it off event loops. */
  public static void migrate(DatabaseConfig config) {
    Flyway.configure()
        .dataSource(config.jdbcUrl(), config.user(), config.password())
        .locations("classpath:db/migration")
        .load()
        .migrate();
  }
}
