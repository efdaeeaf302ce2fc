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
      names = "--instance-types-file",
      description =
          "A YAML instance-type catalog (CPU, memory, GPUs, node selectors, tolerations per ml.*"
              + " type) replacing the built-in one (env BERTH_INSTANCE_TYPES_FILE).")
  Path instanceTypesFile;

  @Option(
      names = "--quotas-file",
      description =
          "A YAML map of quota defaults for every account and region, written to the database at"
              + " start (e.g. 'endpoints: 50', 'instance-type:*: 20', 'instance-type:ml.g5.xlarge:"
              + " 4'); 'berth quotas set' still overrides them per account (env"
              + " BERTH_QUOTAS_FILE).")
  Path quotasFile;

  @Option(
      names = "--orchestrator",
      description =
          "Where endpoints run: 'local' (runtime processes on this machine), 'kubernetes' (a"
              + " Deployment per variant, from the in-cluster or ~/.kube configuration) or 'none'"
              + " (serve the API only) (env BERTH_ORCHESTRATOR; default local).")
  String orchestrator;

  @Option(
      names = "--kubernetes-namespace",
      description =
          "Namespace of the endpoints' Deployments (env BERTH_KUBERNETES_NAMESPACE; default"
              + " berth-endpoints).")
  String kubernetesNamespace;

  @Option(
      names = "--runtime-image",
      description =
          "Image of Berth's runtime for models that name no image of their own, on Kubernetes"
              + " (env BERTH_RUNTIME_IMAGE; default ghcr.io/berth/berth:latest).")
  String runtimeImage;

  @Option(
      names = "--startup-timeout",
      description =
          "Seconds an instance may take to pass /ping when the variant sets no"
              + " ContainerStartupHealthCheckTimeoutInSeconds (env BERTH_STARTUP_TIMEOUT;"
              + " default 240).")
  Integer startupTimeout;

  @Option(
      names = "--config",
      description = "A properties file with any of these settings (port=8600, db-url=…).")
  Path config;
}
