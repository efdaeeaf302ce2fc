package dev.berth.launcher;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code berth up}: the whole platform on one machine, behind one URL. */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Runs Berth on this machine: an embedded PostgreSQL (unless --db-url is given) and the SageMaker API on one port. On a loopback address it creates account 000000000000 with the access key test / secret test. Answers GET /health once ready. Ctrl-C stops it; data stays in the data directory for the next start.",
      "Endpoints run as 'berth runtime' processes on this machine (logs under <data-dir>/logs); CreateEndpoint goes Creating -> InService once every instance answers /ping. Not yet part of 'up': the InvokeEndpoint data plane."
    })
final class UpCommand implements Callable<Integer> {
  @Mixin ServerOptions options;

  @Override
  public Integer call() {
    long start = System.nanoTime();
    ControlPlaneRole role = ControlPlaneRole.start(options, true);
    ControlPlaneRole.Resolved r = role.resolved();
    String url = "http://" + hostForUrl(r.bind()) + ":" + role.port();
    long millis = (System.nanoTime() - start) / 1_000_000;
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
    System.out.println("  Health: " + url + "/health   Metrics: " + url + "/metrics");
    System.out.println("  Try:");
    System.out.println(
        "    AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test aws sagemaker list-endpoints"
            + " --endpoint-url "
            + url
            + " --region us-east-1");
    System.out.println("  Ctrl-C stops Berth; your models, configurations and endpoints are kept.");
    System.out.println();
    return ServerLifetime.runUntilStopped(role);
  }

  static String hostForUrl(String bind) {
    if (bind.equals("0.0.0.0") || bind.equals("::")) {
      return "127.0.0.1";
    }
    return bind.contains(":") ? "[" + bind + "]" : bind;
  }
}
