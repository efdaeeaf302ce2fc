package dev.berth.launcher;

import dev.berth.controlplane.persistence.DatabaseConfig;
import dev.berth.dataplane.DataPlane;
import dev.berth.dataplane.DataPlaneConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code berth up}: the whole platform on one machine, behind one URL. The data plane listens on
 * the public address and serves InvokeEndpoint itself; it passes every other request through to the
 * control plane, which listens on a free loopback port.
 */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Runs Berth on this machine: an embedded PostgreSQL (unless --db-url is given), and the SageMaker API and the SageMaker Runtime API (InvokeEndpoint, InvokeEndpointWithResponseStream) on one port. On a loopback address it creates account 000000000000 with the access key test / secret test. Answers GET /health once ready; invocation metrics are on the admin port. Ctrl-C stops it (invocations in flight finish first); data stays in the data directory for the next start.",
      "Endpoints run as 'berth runtime' processes on this machine (logs under <data-dir>/logs); CreateEndpoint goes Creating -> InService once every instance answers /ping. Then, on the same URL:",
      // One short line each, so that picocli does not wrap the command inside an argument.
      "  aws sagemaker-runtime invoke-endpoint --endpoint-url http://127.0.0.1:8600 \\",
      "    --endpoint-name demo --content-type application/json \\",
      "    --body '{\"instances\": [[1,2,3,4]]}' \\",
      "    --cli-binary-format raw-in-base64-out /dev/stdout"
    })
final class UpCommand implements Callable<Integer> {
  @Mixin ServerOptions options;
  @Mixin DataPlaneOptions dataPlaneOptions;

  @Override
  public Integer call() throws InterruptedException {
    long start = System.nanoTime();
    Settings settings = Settings.load(options.config);
    ControlPlaneRole.Resolved wanted = ControlPlaneRole.resolve(options, settings);
    requireFree(wanted.bind(), wanted.port(), "--port");
    requireFree(wanted.bind(), dataPlaneOptions.adminPort(settings, wanted.port()), "--admin-port");
    // The control plane first: it starts the database and migrates the tables the data plane reads.
    ControlPlaneRole controlPlane =
        ControlPlaneRole.start(options, settings, ControlPlaneRole.Mode.BEHIND_DATA_PLANE);
    ControlPlaneRole.Resolved r = controlPlane.resolved();
    DataPlane dataPlane;
    try {
      DatabaseConfig db = controlPlane.database();
      DataPlaneConfig.Builder builder =
          DataPlaneConfig.builder(
                  new DataPlaneConfig.Database(db.jdbcUrl(), db.user(), db.password()))
              .bindHost(r.bind())
              .port(r.port())
              .regions(r.regions())
              .passThrough("127.0.0.1:" + controlPlane.port());
      dataPlane = DataPlane.start(dataPlaneOptions.applyTo(builder, settings, r.port()).build());
    } catch (Exception e) {
      // Netty reports a port in use as a BindException, a checked exception it throws unchecked.
      controlPlane.close();
      throw e;
    }
    printStartup(r, dataPlane, (System.nanoTime() - start) / 1_000_000);
    return ServerLifetime.runUntilStopped(
        () -> {
          // The data plane drains its invocations first; then nothing calls the control plane.
          try {
            dataPlane.close();
          } finally {
            controlPlane.close();
          }
        });
  }

  private static void printStartup(ControlPlaneRole.Resolved r, DataPlane dataPlane, long millis) {
    String host = hostForUrl(r.bind());
    String url = "http://" + host + ":" + dataPlane.port();
    // Only the loopback development key can be printed; elsewhere the operator holds the keys.
    String credentials = r.loopback() ? "AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test " : "";
    System.out.println();
    System.out.println("Berth is up at " + url + "  (ready in " + millis + " ms)");
    if (r.loopback()) {
      System.out.println(
          "  Account 000000000000, access key 'test', secret 'test' (loopback only)");
    }
    System.out.println(
        "  Data: "
            + (r.dbUrl() == null
                ? r.dataDir().resolve("postgres") + " (embedded PostgreSQL)"
                : r.dbUrl()));
    System.out.println("  Health: " + url + "/health   API metrics: " + url + "/metrics");
    if (dataPlane.adminPort() >= 0) {
      System.out.println(
          "  Invocation metrics: http://" + host + ":" + dataPlane.adminPort() + "/metrics");
    }
    System.out.println("  Try:");
    System.out.println(
        "    "
            + credentials
            + "aws sagemaker list-endpoints --endpoint-url "
            + url
            + " --region us-east-1");
    System.out.println("  Invoke an endpoint named demo, on the same URL:");
    System.out.println(
        "    "
            + credentials
            + "aws sagemaker-runtime invoke-endpoint --endpoint-url "
            + url
            + " --region us-east-1 --endpoint-name demo --content-type application/json"
            + " --body '{\"instances\": [[1,2,3,4]]}' --cli-binary-format raw-in-base64-out"
            + " /dev/stdout");
    System.out.println("  Ctrl-C stops Berth; your models, configurations and endpoints are kept.");
    System.out.println();
  }

  /**
   * Fails in a moment, not after the database, the control plane and the endpoints' runtimes have
   * started, when another process holds a port the data plane needs.
   */
  private static void requireFree(String bind, int port, String option) {
    if (port <= 0) {
      return;
    }
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(bind, port));
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot listen on "
              + bind
              + ":"
              + port
              + " ("
              + e.getMessage()
              + "): stop what uses it or choose another "
              + option);
    }
  }

  static String hostForUrl(String bind) {
    if (bind.equals("0.0.0.0") || bind.equals("::")) {
      return "127.0.0.1";
    }
    return bind.contains(":") ? "[" + bind + "]" : bind;
  }
}
