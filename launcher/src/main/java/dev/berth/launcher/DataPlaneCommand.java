package dev.berth.launcher;

import dev.berth.dataplane.DataPlane;
import dev.berth.dataplane.DataPlaneConfig;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code berth data-plane}: the SageMaker Runtime API (InvokeEndpoint) alone, for a cluster. */
@Command(
    name = "data-plane",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the data plane alone, for a cluster: the SageMaker Runtime API (InvokeEndpoint, InvokeEndpointWithResponseStream) at POST /endpoints/{name}/invocations, SigV4-authenticated, each request proxied to an instance of the endpoint. It reads the route table from the PostgreSQL the control plane writes (table endpoint_routes, kept fresh by LISTEN berth_routes and a periodic reread) and the access keys from its access_keys table, so it needs --db-url but no control plane at runtime: endpoints already InService keep serving while the control plane is down. Run as many replicas as you like behind a load balancer; other SageMaker API calls belong to 'berth control-plane' and are refused here.",
      "Invocation metrics (Prometheus) and GET /health (200 once the route table is loaded) are on the admin port. SIGTERM stops accepting, lets the invocations in flight finish, then exits."
    })
final class DataPlaneCommand implements Callable<Integer> {
  static final int DEFAULT_PORT = 8080;

  @Option(
      names = "--db-url",
      description =
          "The control plane's PostgreSQL, as jdbc:postgresql://host:port/db (required; env"
              + " BERTH_DB_URL).")
  String dbUrl;

  @Option(names = "--db-user", description = "Database user (env BERTH_DB_USER; default postgres).")
  String dbUser;

  @Option(
      names = "--db-password",
      description = "Database password (env BERTH_DB_PASSWORD; prefer the variable).")
  String dbPassword;

  @Option(
      names = "--bind",
      description = "Address to listen on (env BERTH_BIND; default 127.0.0.1).")
  String bind;

  @Option(names = "--port", description = "Port of InvokeEndpoint (env BERTH_PORT; default 8080).")
  Integer port;

  @Option(
      names = "--regions",
      description =
          "Regions to serve, comma-separated (env BERTH_REGIONS; default: any region name).")
  String regions;

  @Option(
      names = "--config",
      description = "A properties file with any of these settings (port=8080, db-url=…).")
  Path config;

  @Mixin DataPlaneOptions dataPlane;

  @Override
  public Integer call() throws InterruptedException {
    Settings settings = Settings.load(config);
    String url = settings.get("db-url", dbUrl, null);
    if (url == null || !url.startsWith("jdbc:postgresql://")) {
      throw new IllegalArgumentException(
          "berth data-plane needs the control plane's database: --db-url (or BERTH_DB_URL)"
              + " jdbc:postgresql://host:port/db, got "
              + url);
    }
    String host = settings.get("bind", bind, "127.0.0.1");
    int listenPort = settings.getInt("port", port, DEFAULT_PORT);
    DataPlaneConfig.Builder builder =
        DataPlaneConfig.builder(
                new DataPlaneConfig.Database(
                    url,
                    settings.get("db-user", dbUser, "postgres"),
                    settings.get("db-password", dbPassword, "")))
            .bindHost(host)
            .port(listenPort)
            .regions(Set.copyOf(ControlPlaneRole.csv(settings.get("regions", regions, ""))));
    DataPlane started = DataPlane.start(dataPlane.applyTo(builder, settings, listenPort).build());
    String hostForUrl = UpCommand.hostForUrl(host);
    System.out.println(
        "Berth data plane listening on "
            + hostForUrl
            + ":"
            + started.port()
            + (started.adminPort() < 0
                ? ""
                : "  (metrics: http://"
                    + hostForUrl
                    + ":"
                    + started.adminPort()
                    + "/metrics, health: /health)"));
    return ServerLifetime.runUntilStopped(started);
  }
}
