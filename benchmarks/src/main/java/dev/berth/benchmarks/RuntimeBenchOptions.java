package dev.berth.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * What one {@link RuntimeBench} run is told, parsed from {@code --flag value} pairs.
 *
 * <p>Usage: {@code RuntimeBenchOptions options = RuntimeBenchOptions.parse(args);}
 *
 * @param workDir where the models, their serving directories and the servers' logs go
 * @param resnet the ResNet-18 ONNX file; its runs are skipped when it does not exist
 * @param warmup unmeasured time before each run
 * @param duration measured time of each run
 * @param clients concurrent clients (keep-alive connections) of the served runs
 * @param moreClients clients of the extra MLP peak runs with more clients than {@code batch_size},
 *     or 0 for none
 * @param batchSize {@code batch_size} of the batched server
 * @param maxBatchDelayMillis {@code max_batch_delay} of the batched server
 * @param rate the open-loop rate for the equal-load comparison, or 0 for 80 % of the naive peak
 * @param turns rounds of the MLP's naive and batched peaks taken in turn, both servers running, or
 *     0 for none
 * @param port the servers' inference port; {@code /metrics} is on the next one; the batched server,
 *     which runs beside the naive one, on the two after
 * @param engineThreads ONNX Runtime intra-op threads of the raw engine (the runtime uses one per
 *     core)
 * @param serverIntraOpThreads {@code option.intraOpNumThreads} of the servers, or 0 for the
 *     runtime's default (one per core)
 * @param serverOptions more engine options of the servers, each {@code key=value} written as {@code
 *     option.key=value} into their {@code serving.properties}, e.g. {@code allowSpinning=true}
 * @param models which models to run: {@code mlp}, {@code resnet} or both
 * @param serverJavaOptions JVM options of the server processes
 * @param serverCpus the CPUs of the server processes, or null for any
 * @param output where to write the JSON report, or null for none
 */
public record RuntimeBenchOptions(
    Path workDir,
    Path resnet,
    Duration warmup,
    Duration duration,
    int clients,
    int moreClients,
    int batchSize,
    int maxBatchDelayMillis,
    double rate,
    int turns,
    int port,
    int engineThreads,
    int serverIntraOpThreads,
    List<String> serverOptions,
    List<String> models,
    List<String> serverJavaOptions,
    CpuSet serverCpus,
    Path output) {

  static final String USAGE =
      """
      Usage: java -cp berth-bench.jar dev.berth.benchmarks.RuntimeBench [options]

      The model runtime benchmark (benchmarks/README.md): an MLP 256-1024-1024-10 and
      ResNet-18 in ONNX, through the raw engine in-process, the Berth runtime with batching,
      and the Berth runtime without (batch_size 1); closed loop for the peak, open loop at one
      rate for latency at equal load. Prints a table and the targets met or missed.

      Options:
        --work-dir DIR          models, server directories and logs (default: a new temp dir)
        --resnet FILE           ResNet-18 ONNX file (default benchmarks/models/resnet18.onnx);
                                its runs are skipped when the file does not exist
        --warmup SECONDS        unmeasured time before each run (default 10)
        --duration SECONDS      measured time of each run (default 15)
        --clients N             concurrent clients of the served runs (default 32)
        --more-clients N        clients of extra MLP peak runs (naive, batched, raw at their
                                batch), so that one cohort travels while another computes
                                (default: twice --clients; 0 skips them)
        --batch-size N          batch_size of the batched server (default 32)
        --max-batch-delay MS    max_batch_delay of the batched server (default 5)
        --rate R                open-loop rate of the equal-load runs (default: 80 % of the
                                naive server's peak)
        --turns N               rounds of the MLP's naive and batched peaks taken in turn
                                (2 s + 4 s each), judged for batched >= 3x naive (default 4;
                                0 skips them, and the one-off peaks are judged)
        --port P                naive server's port, /metrics on P+1 (default 8700); the
                                batched server, running beside it, on P+2 and P+3
        --engine-threads N      raw engine intra-op threads (default: the CPUs of --server-cpus,
                                else the cores, as the runtime)
        --server-intra-op-threads N
                                option.intraOpNumThreads of the servers (default: not set, the
                                runtime's one per core)
        --server-options LIST   more engine options of the servers, key=value[,key=value],
                                each written as option.key=value (default: none)
        --models LIST           mlp, resnet or mlp,resnet (default)
        --server-java-opts S    JVM options of the servers (default "-Xmx1g")
        --server-cpus LIST      pin the servers to these CPUs (taskset -c form, e.g. 0-3); pin
                                the generator, whose JVM runs the raw engine, to as many others
                                with taskset when starting it (default: not pinned)
        --output FILE           also write the report as JSON
        --help                  print this
      """;

  private static final Set<String> FLAGS =
      Set.of(
          "--work-dir",
          "--resnet",
          "--warmup",
          "--duration",
          "--clients",
          "--more-clients",
          "--batch-size",
          "--max-batch-delay",
          "--rate",
          "--turns",
          "--port",
          "--engine-threads",
          "--server-intra-op-threads",
          "--server-options",
          "--models",
          "--server-java-opts",
          "--server-cpus",
          "--output");

  public RuntimeBenchOptions {
    if (clients < 1
        || batchSize < 1
        || maxBatchDelayMillis < 0
        || rate < 0
        || turns < 0
        || engineThreads < 1
        || moreClients < 0) {
      throw new BenchOptions.UsageException(
          "--clients, --batch-size and --engine-threads must be at least 1, --max-batch-delay,"
              + " --more-clients, --rate and --turns not negative");
    }
    if (port < 1 || port > 65532) {
      throw new BenchOptions.UsageException(
          "--port must leave room for the three after it (metrics, second server, its metrics)");
    }
    if (duration.isZero() || duration.isNegative() || warmup.isNegative()) {
      throw new BenchOptions.UsageException(
          "--duration must be positive and --warmup not negative");
    }
    if (serverIntraOpThreads < 0) {
      throw new BenchOptions.UsageException("--server-intra-op-threads must not be negative");
    }
    if (models.isEmpty() || !List.of("mlp", "resnet").containsAll(models)) {
      throw new BenchOptions.UsageException("--models takes mlp, resnet or mlp,resnet");
    }
    if (!serverOptions.stream().allMatch(o -> o.matches("[A-Za-z0-9_.]+=[^\\s]*"))) {
      throw new BenchOptions.UsageException("--server-options takes key=value[,key=value]");
    }
    serverOptions = List.copyOf(serverOptions);
    models = List.copyOf(models);
    serverJavaOptions = List.copyOf(serverJavaOptions);
  }

  /**
   * Parses {@code --flag value} pairs; {@code --help} is answered by the caller.
   *
   * @throws BenchOptions.UsageException for an unknown flag, a missing or malformed value
   */
  public static RuntimeBenchOptions parse(String[] args) {
    CommandLineFlags flags = CommandLineFlags.parse(args, FLAGS);
    String javaOptions = flags.text("--server-java-opts", "-Xmx1g").trim();
    int clients = flags.whole("--clients", 32);
    CpuSet serverCpus = CpuSet.parse("--server-cpus", flags.text("--server-cpus", ""));
    return new RuntimeBenchOptions(
        flags.path("--work-dir"),
        Path.of(flags.text("--resnet", "benchmarks/models/resnet18.onnx")),
        flags.seconds("--warmup", 10),
        flags.seconds("--duration", 15),
        clients,
        flags.whole("--more-clients", 2 * clients),
        flags.whole("--batch-size", 32),
        flags.whole("--max-batch-delay", 5),
        flags.number("--rate", 0),
        flags.whole("--turns", 4),
        flags.whole("--port", 8700),
        flags.whole(
            "--engine-threads",
            serverCpus != null ? serverCpus.count() : Runtime.getRuntime().availableProcessors()),
        flags.whole("--server-intra-op-threads", 0),
        Arrays.stream(flags.text("--server-options", "").split(","))
            .map(String::trim)
            .filter(o -> !o.isEmpty())
            .toList(),
        Arrays.asList(flags.text("--models", "mlp,resnet").split(",")),
        javaOptions.isEmpty() ? List.of() : Arrays.asList(javaOptions.split("\\s+")),
        serverCpus,
        flags.path("--output"));
  }
}
