package dev.berth.benchmarks;

import dev.berth.runtime.ModelBootstrap;
import dev.berth.runtime.RuntimeConfig;
import dev.berth.runtime.server.RuntimeServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The model runtime as {@link RuntimeBench} starts it, in a JVM of its own: one model directory
 * (its {@code serving.properties} sets the batching), {@code /ping} and {@code /invocations} on
 * {@code 127.0.0.1:<port>}, {@code /metrics} on {@code <metrics-port>}. Runs until it is sent
 * SIGTERM, then drains and unloads the model as the runtime does.
 *
 * <p>Usage: {@code java -cp berth-bench.jar dev.berth.benchmarks.RuntimeBenchServer --model-dir D
 * --port 8700 --metrics-port 8701}
 */
public final class RuntimeBenchServer {
  private RuntimeBenchServer() {}

  public static void main(String[] args) throws InterruptedException {
    Path modelDir = null;
    int port = 0;
    int metricsPort = 0;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--model-dir" -> modelDir = Path.of(args[i + 1]);
        case "--port" -> port = Integer.parseInt(args[i + 1]);
        case "--metrics-port" -> metricsPort = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (modelDir == null || port == 0) {
      System.err.println(
          "Usage: RuntimeBenchServer --model-dir DIR --port PORT [--metrics-port PORT]");
      System.exit(2);
    }
    RuntimeBench.engineOffline(modelDir.toAbsolutePath().getParent().resolve(".djl"));
    RuntimeConfig config =
        new RuntimeConfig(
            "127.0.0.1",
            port,
            metricsPort,
            modelDir,
            null,
            false,
            modelDir.toAbsolutePath().getParent().resolve(".runtime-cache"),
            "cpu",
            Duration.ofSeconds(60),
            RuntimeConfig.DEFAULT_MAX_PAYLOAD_BYTES,
            Duration.ofSeconds(10),
            Map.of());
    RuntimeServer server = RuntimeServer.start(config, new ModelBootstrap(config));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                }));
    stopped.await();
  }
}
