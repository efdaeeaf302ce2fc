package dev.berth.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * What one {@link DataPlaneBench} run is told, parsed from {@code --flag value} pairs.
 *
 * <p>Usage: {@code DataPlaneBenchOptions options = DataPlaneBenchOptions.parse(args);}
 *
 * @param workDir where the database, nginx's files and the servers' logs go
 * @param warmup unmeasured time before each run
 * @param duration measured time of each run
 * @param connections keep-alive connections of every run (closed loop: requests in flight)
 * @param rate the open-loop rate every target is measured at, or 0 for half of Berth's peak
 * @param turns rounds of the peaks taken in turn (4 s per target and round), 0 for none
 * @param port the echo backend's port; the data plane listens on the next, nginx on the one after,
 *     the data-plane JVM's stats on the fourth
 * @param eventLoopThreads the data plane's event loops, nginx's worker processes and the echo
 *     backend's event loops
 * @param proxyCpus the CPUs of the data plane and of nginx, or null for any
 * @param backendCpus the CPUs of the echo backend, or null for any
 * @param bodyBytes the size of the request body (JSON), echoed back
 * @param nginx the nginx binary, or null to skip the nginx runs
 * @param serverJavaOptions JVM options of the data-plane JVM
 * @param backendJavaOptions JVM options of the echo backend's JVM
 * @param output where to write the JSON report, or null for none
 */
public record DataPlaneBenchOptions(
    Path workDir,
    Duration warmup,
    Duration duration,
    int connections,
    double rate,
    int turns,
    int port,
    int eventLoopThreads,
    CpuSet proxyCpus,
    CpuSet backendCpus,
    int bodyBytes,
    Path nginx,
    List<String> serverJavaOptions,
    List<String> backendJavaOptions,
    Path output) {

  static final String USAGE =
      """
      Usage: java -cp berth-bench.jar dev.berth.benchmarks.DataPlaneBench [options]

      The data-plane benchmark (benchmarks/README.md): one signed InvokeEndpoint request
      replayed to an echo backend directly, through Berth's data plane, and through nginx
      as a keep-alive reverse proxy. Closed loop for each one's peak, then open loop at one
      rate (half of Berth's peak) for the latency each proxy adds. Prints a table and the
      targets met or missed.

      Options:
        --work-dir DIR          database, nginx files and logs (default: a new temp dir)
        --warmup SECONDS        unmeasured time before each run (default 15)
        --duration SECONDS      measured time of each run (default 10)
        --connections N         keep-alive connections (default 64)
        --rate R                open-loop rate of every target (default: half of Berth's peak)
        --turns N               rounds of the peaks again, the targets taking turns, 3 s
                                measured each after 1 s unmeasured (default 6; 0 skips them)
        --port P                echo backend on P, data plane on P+1, nginx on P+2, the
                                data-plane JVM's stats on P+3 (default 8900)
        --event-loop-threads N  data-plane event loops = nginx workers = echo event loops
                                (default: the CPUs of --proxy-cpus, else the cores)
        --proxy-cpus LIST       pin the data plane and nginx to these CPUs (taskset -c form,
                                e.g. 2-3); pin the generator itself with taskset when starting
                                it (default: not pinned)
        --backend-cpus LIST     pin the echo backend to these CPUs (default: not pinned)
        --body-bytes N          request body size (default 256)
        --nginx FILE            the nginx binary; without it the nginx runs are skipped
        --server-java-opts S    JVM options of the data plane (default "-Xmx1g -XX:+UseParallelGC";
                                -Xlog:gc:... is added)
        --backend-java-opts S   JVM options of the echo backend (default "-Xmx512m")
        --output FILE           also write the report as JSON
        --help                  print this
      """;

  private static final Set<String> FLAGS =
      Set.of(
          "--work-dir",
          "--warmup",
          "--duration",
          "--connections",
          "--rate",
          "--turns",
          "--port",
          "--event-loop-threads",
          "--proxy-cpus",
          "--backend-cpus",
          "--body-bytes",
          "--nginx",
          "--server-java-opts",
          "--backend-java-opts",
          "--output");

  public DataPlaneBenchOptions {
    if (connections < 1 || eventLoopThreads < 1 || rate < 0 || turns < 0) {
      throw new BenchOptions.UsageException(
          "--connections and --event-loop-threads must be at least 1, --rate and --turns not"
              + " negative");
    }
    if (port < 1 || port > 65532) {
      throw new BenchOptions.UsageException("--port must leave room for the three after it");
    }
    if (bodyBytes < 16 || bodyBytes > 6_291_456) {
      throw new BenchOptions.UsageException("--body-bytes must be 16 to 6291456");
    }
    if (duration.isZero() || duration.isNegative() || warmup.isNegative()) {
      throw new BenchOptions.UsageException(
          "--duration must be positive and --warmup not negative");
    }
    serverJavaOptions = List.copyOf(serverJavaOptions);
    backendJavaOptions = List.copyOf(backendJavaOptions);
  }

  /**
   * Parses {@code --flag value} pairs; {@code --help} is answered by the caller.
   *
   * @throws BenchOptions.UsageException for an unknown flag, a missing or malformed value
   */
  public static DataPlaneBenchOptions parse(String[] args) {
    CommandLineFlags flags = CommandLineFlags.parse(args, FLAGS);
    String nginx = flags.text("--nginx", "").trim();
    CpuSet proxyCpus = CpuSet.parse("--proxy-cpus", flags.text("--proxy-cpus", ""));
    return new DataPlaneBenchOptions(
        flags.path("--work-dir"),
        flags.seconds("--warmup", 15),
        flags.seconds("--duration", 10),
        flags.whole("--connections", 64),
        flags.number("--rate", 0),
        flags.whole("--turns", 6),
        flags.whole("--port", 8900),
        flags.whole(
            "--event-loop-threads", proxyCpus != null ? proxyCpus.count() : MachineCpu.cores()),
        proxyCpus,
        CpuSet.parse("--backend-cpus", flags.text("--backend-cpus", "")),
        flags.whole("--body-bytes", 256),
        nginx.isEmpty() ? null : Path.of(nginx),
        words(flags.text("--server-java-opts", "-Xmx1g -XX:+UseParallelGC")),
        words(flags.text("--backend-java-opts", "-Xmx512m")),
        flags.path("--output"));
  }

  private static List<String> words(String text) {
    String trimmed = text.trim();
    return trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split("\\s+"));
  }
}
