package dev.berth.benchmarks;

import dev.berth.controlplane.ControlPlane;
import dev.berth.controlplane.ControlPlaneConfig;
import dev.berth.controlplane.persistence.EmbeddedDatabase;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The server side of {@code benchmarks/control-plane.sh}: an embedded PostgreSQL in a data
 * directory and a control plane on a loopback port with the loopback bootstrap key ({@code
 * test}/{@code test}, account 000000000000). Prints {@code READY <url>} once it serves, and stops
 * both on SIGTERM.
 *
 * <p>Usage: {@code java -cp berth-bench.jar dev.berth.benchmarks.BenchServer --port 8600 --data-dir
 * /tmp/berth-bench}
 */
public final class BenchServer {
  private BenchServer() {}

  public static void main(String[] args) throws InterruptedException {
    int port = 8600;
    Path dataDir = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[i + 1]);
        case "--data-dir" -> dataDir = Path.of(args[i + 1]);
        default -> usage();
      }
    }
    if (dataDir == null || args.length % 2 != 0) {
      usage();
    }
    // Hibernate logs through JBoss Logging, which otherwise picks java.util.logging.
    System.setProperty("org.jboss.logging.provider", "slf4j");
    EmbeddedDatabase database = EmbeddedDatabase.start(dataDir.resolve("postgres"), 0);
    ControlPlane controlPlane;
    try {
      controlPlane =
          ControlPlane.start(
              ControlPlaneConfig.of("127.0.0.1", port, database.config())
                  .withBootstrapKey(ControlPlaneConfig.BootstrapKey.LOOPBACK));
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  controlPlane.close();
                  database.close();
                  stopped.countDown();
                }));
    System.out.println("READY http://127.0.0.1:" + controlPlane.port());
    System.out.flush();
    stopped.await();
  }

  private static void usage() {
    System.err.println("Usage: BenchServer --data-dir DIR [--port 8600]");
    System.exit(2);
  }
}
