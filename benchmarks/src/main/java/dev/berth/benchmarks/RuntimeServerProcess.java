package dev.berth.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link RuntimeBenchServer} in a JVM of its own, started by {@link RuntimeBench} for one model
 * directory and stopped (SIGTERM, then SIGKILL after 30 s) when closed — or, should the benchmark
 * be interrupted, by its shutdown hook. Reads the server's CPU time from the operating system and
 * its batch sizes from its {@code /metrics}.
 *
 * <p>Usage: {@code try (var server = RuntimeServerProcess.start(dir, 8700, opts, null, log)) {...}}
 */
final class RuntimeServerProcess implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

  private final Process process;
  private final Thread stopOnExit;
  private final int port;
  private final Path log;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private RuntimeServerProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.stopOnExit = new Thread(this::stop, "stop-runtime-server");
    Runtime.getRuntime().addShutdownHook(stopOnExit);
  }

  /**
   * Starts a server for {@code modelDir} on {@code 127.0.0.1:port} ({@code /metrics} on port + 1)
   * and waits until its {@code /ping} answers 200, i.e. the model answered its warm-up inference.
   *
   * @throws IOException when the server stops or is not ready within three minutes; the message
   *     ends with its log
   */
  static RuntimeServerProcess start(
      Path modelDir, int port, List<String> javaOptions, CpuSet cpus, Path log)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(javaOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(RuntimeBenchServer.class.getName());
    command.addAll(
        List.of(
            "--model-dir",
            modelDir.toString(),
            "--port",
            Integer.toString(port),
            "--metrics-port",
            Integer.toString(port + 1)));
    ProcessBuilder builder =
        new ProcessBuilder(CpuSet.pinned(cpus, command))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("DJL_OFFLINE", "true");
    RuntimeServerProcess server = new RuntimeServerProcess(builder.start(), port, log);
    try {
      server.awaitReady();
    } catch (IOException | InterruptedException | RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  /**
   * {@link #start} for {@code model} in a serving directory of its own, {@code work/name}: the
   * model as {@code model.onnx} beside {@code servingProperties}; the log at {@code work/name.log}.
   * The server's pid is appended to {@code work/server.pid}, one per line, so that the benchmark's
   * script stops whatever is listed should the benchmark's JVM die first.
   */
  static RuntimeServerProcess serve(
      Path work,
      String name,
      Path model,
      String servingProperties,
      int port,
      List<String> javaOptions,
      CpuSet cpus)
      throws IOException, InterruptedException {
    Path dir = Files.createDirectories(work.resolve(name));
    Files.copy(model, dir.resolve("model.onnx"), StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(dir.resolve("serving.properties"), servingProperties);
    RuntimeServerProcess server = start(dir, port, javaOptions, cpus, work.resolve(name + ".log"));
    Files.writeString(
        work.resolve("server.pid"),
        server.pid() + System.lineSeparator(),
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    return server;
  }

  /** The URL the server answers on. */
  URI url() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** The operating system's process id, for scripts that must stop it should this JVM die. */
  long pid() {
    return process.pid();
  }

  /** The server's CPU time so far (user + system, all threads), in nanoseconds. */
  long cpuNanos() {
    return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }

  /**
   * The batcher's totals so far: jobs and forward passes, from {@code berth_runtime_batch_size_sum}
   * and {@code _count}, and the time the passes took, from {@code
   * berth_runtime_inference_seconds_sum}.
   */
  BatchTotals batchTotals() throws IOException, InterruptedException {
    String text = get("http://127.0.0.1:" + (port + 1) + "/metrics").body();
    return new BatchTotals(
        metric(text, "berth_runtime_batch_size_sum"),
        metric(text, "berth_runtime_batch_size_count"),
        metric(text, "berth_runtime_inference_seconds_sum"));
  }

  /**
   * Jobs run and forward passes run, counted since the server started.
   *
   * @param jobs requests the batcher ran
   * @param batches forward passes it ran them in
   * @param seconds the time those passes took, stacking and splitting included
   */
  record BatchTotals(double jobs, double batches, double seconds) {
    /** The mean batch between {@code earlier} and these totals, or null when none ran. */
    Double meanSince(BatchTotals earlier) {
      double passes = batches - earlier.batches;
      return passes > 0 ? (jobs - earlier.jobs) / passes : null;
    }

    /** The mean forward pass in milliseconds since {@code earlier}, or null when none ran. */
    Double forwardMillisSince(BatchTotals earlier) {
      double passes = batches - earlier.batches;
      return passes > 0 ? 1000 * (seconds - earlier.seconds) / passes : null;
    }
  }

  /** The sum of the samples of one metric in a Prometheus text scrape (0 when absent). */
  static double metric(String scrape, String name) {
    double total = 0;
    for (String line : scrape.split("\n")) {
      if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
        String[] parts = line.trim().split("\\s+");
        total += Double.parseDouble(parts[parts.length - 1]);
      }
    }
    return total;
  }

  private void awaitReady() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(
            "the runtime server stopped while starting (exit "
                + process.exitValue()
                + "):\n"
                + tail());
      }
      try {
        if (get(url() + "/ping").statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      }
      Thread.sleep(250);
    }
    throw new IOException(
        "the runtime server was not ready within " + READY_TIMEOUT + ":\n" + tail());
  }

  private HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private void stop() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    } catch (IllegalStateException shuttingDown) {
      // The hook is running or about to; it finds the process stopped.
    }
  }
}
