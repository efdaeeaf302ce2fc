package dev.berth.launcher;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every server role shares; each also reads {@code BERTH_<NAME>} (which wins). */
final class ServerOptions {
  @Option(
      names = "--port",
      description = "Port to serve the API on (env BERTH_PORT; default 8600).")
  Integer port;

  @Option(
      names = "--bind",
      description = "Address to listen on (env BERTH_BIND; default 127.0.0.1).")
  String bind;

  @Option(
      names = "--data-dir",
      description =
          "Where the embedded PostgreSQL keeps its data when no --db-url is given"
              + " (env BERTH_DATA_DIR; default ~/.berth).")
  Path dataDir;

  @Option(
      names = "--db-url",
      description =
          "PostgreSQL to use instead of the embedded one, as jdbc:postgresql://host:port/db"
              + " (env BERTH_DB_URL).")
  String dbUrl;

  @Option(names = "--db-user", description = "Database user (env BERTH_DB_USER; default postgres).")
  String dbUser;

  @Option(
      names = "--db-password",
      description = "Database password (env BERTH_DB_PASSWORD; prefer the variable).")
  String dbPassword;

  @Option(
      names = "--regions",
      description =
          "Regions to serve, comma-separated (env BERTH_REGIONS; default: any region name).")
  String regions;

  @Option(
      names = "--instance-types",
      description =
          "The instance-type catalog, comma-separated (env BERTH_INSTANCE_TYPES; default: every"
              + " SageMaker instance type).")
  String instanceTypes;

  @Option(
      names = "--config",
      description = "A properties file with any of these settings (port=8600, db-url=…).")
  Path config;
}
