package dev.berth.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * A process the data-plane benchmark started (a JVM of this jar, or nginx), stopped with SIGTERM
 * and then SIGKILL when closed or, should the benchmark die first, by its shutdown hook. Its CPU
 * time includes its descendants': nginx's workers, the data-plane JVM's PostgreSQL.
 *
 * <p>Usage: {@code try (BenchProcess echo = BenchProcess.java("echo", EchoBackend.class, opts,
 * args, cpus, log)) {...}}
 */
final class BenchProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;
  private final Thread stopOnExit;

  private BenchProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.stopOnExit = new Thread(this::stop, "stop-" + name);
    Runtime.getRuntime().addShutdownHook(stopOnExit);
  }

  /** Starts {@code command}, its output (both streams) into {@code log}. */
  static BenchProcess start(String name, List<String> command, Path log) throws IOException {
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new BenchProcess(name, process, log);
  }

  /** Starts {@code main} of this class path in a JVM of its own, on {@code cpus} (null: any). */
  static BenchProcess java(
      String name,
      Class<?> main,
      List<String> javaOptions,
      List<String> args,
      CpuSet cpus,
      Path log)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(javaOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(args);
    return start(name, CpuSet.pinned(cpus, command), log);
  }

  /**
   * Waits until {@code ready} returns true (an exception counts as not yet).
   *
   * @throws IOException when the process stops first or {@code timeout} passes; the message ends
   *     with its log
   */
  void awaitReady(Callable<Boolean> ready, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException(
            name + " stopped while starting (exit " + process.exitValue() + "):\n" + tail());
      }
      try {
        if (ready.call()) {
          return;
        }
      } catch (Exception notYet) {
        // Not listening yet.
      }
      Thread.sleep(200);
    }
    throw new IOException(name + " was not ready within " + timeout + ":\n" + tail());
  }

  long pid() {
    return process.pid();
  }

  /** CPU time (user + system) of the process and every descendant alive now, in nanoseconds. */
  long cpuNanos() {
    long total = cpu(process.toHandle());
    for (ProcessHandle child : process.descendants().toList()) {
      total += cpu(child);
    }
    return total;
  }

  private static long cpu(ProcessHandle handle) {
    return handle.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }

  /** The last 30 lines of its log. */
  String tail() {
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
