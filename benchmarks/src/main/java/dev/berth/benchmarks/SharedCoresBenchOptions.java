package dev.berth.benchmarks;

import dev.berth.runtime.engine.Spinning;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * What one {@link SharedCoresBench} run is told, parsed from {@code --flag value} pairs.
 *
 * @param workDir where the serving directories and the servers' logs go, or null for a temp dir
 * @param model the ONNX model both runtimes serve
 * @param choices the {@code option.allowSpinning} values compared, e.g. {@code false} and {@code
 *     auto}
 * @param clients closed-loop clients of each runtime
 * @param warmup unmeasured time of each round
 * @param duration measured time of each round
 * @param rounds rounds of every choice, their order alternating
 * @param port the first runtime's port ({@code /metrics} on the next); the second's two after
 * @param serverJavaOptions JVM options of the runtimes
 */
public record SharedCoresBenchOptions(
    Path workDir,
    Path model,
    List<String> choices,
    int clients,
    Duration warmup,
    Duration duration,
    int rounds,
    int port,
    List<String> serverJavaOptions) {

  static final String USAGE =
      """
      Usage: java -cp berth-bench.jar dev.berth.benchmarks.SharedCoresBench [options]

      Two model runtimes on the same cores, both loaded at once by closed-loop clients, once
      per option.allowSpinning choice (benchmarks/README.md): what spinning engine threads
      cost when something else wants the cores. Prints each runtime's rate, p50 and p99 and
      the two together, per round and per choice.

      Options:
        --model FILE            ONNX model taking float32 [batch, 3, 224, 224] (default
                                benchmarks/models/resnet18.onnx)
        --choices LIST          option.allowSpinning values (default false,auto)
        --clients N             closed-loop clients per runtime (default 8)
        --warmup SECONDS        unmeasured time per round (default 10)
        --duration SECONDS      measured time per round (default 20)
        --rounds N              rounds of every choice, order alternating (default 2)
        --port P                first runtime's port, /metrics on P+1; the second on P+2, P+3
                                (default 8800)
        --work-dir DIR          serving directories and logs (default: a new temp dir)
        --server-java-opts S    JVM options of the runtimes (default "-Xmx1g")
        --help                  print this
      """;

  private static final Set<String> FLAGS =
      Set.of(
          "--model",
          "--choices",
          "--clients",
          "--warmup",
          "--duration",
          "--rounds",
          "--port",
          "--work-dir",
          "--server-java-opts");

  public SharedCoresBenchOptions {
    if (clients < 1 || rounds < 1) {
      throw new BenchOptions.UsageException("--clients and --rounds must be at least 1");
    }
    if (port < 1 || port > 65532) {
      throw new BenchOptions.UsageException(
          "--port must leave room for the three after it (metrics, second runtime, its metrics)");
    }
    if (duration.isZero() || duration.isNegative() || warmup.isNegative()) {
      throw new BenchOptions.UsageException(
          "--duration must be positive and --warmup not negative");
    }
    try {
      // The runtime's own parser, so that the values compared are the ones it accepts.
      choices = choices.stream().map(c -> Spinning.parse(c, "--choices").optionValue()).toList();
    } catch (IllegalArgumentException e) {
      choices = List.of();
    }
    if (choices.isEmpty()) {
      throw new BenchOptions.UsageException(
          "--choices takes true, false and auto, comma-separated");
    }
    serverJavaOptions = List.copyOf(serverJavaOptions);
  }

  /**
   * Parses {@code --flag value} pairs; {@code --help} is answered by the caller.
   *
   * @throws BenchOptions.UsageException for an unknown flag, a missing or malformed value
   */
  public static SharedCoresBenchOptions parse(String[] args) {
    CommandLineFlags flags = CommandLineFlags.parse(args, FLAGS);
    String javaOptions = flags.text("--server-java-opts", "-Xmx1g").trim();
    return new SharedCoresBenchOptions(
        flags.path("--work-dir"),
        Path.of(flags.text("--model", "benchmarks/models/resnet18.onnx")),
        Arrays.stream(flags.text("--choices", "false,auto").split(","))
            .map(String::trim)
            .filter(c -> !c.isEmpty())
            .toList(),
        flags.whole("--clients", 8),
        flags.seconds("--warmup", 10),
        flags.seconds("--duration", 20),
        flags.whole("--rounds", 2),
        flags.whole("--port", 8800),
        javaOptions.isEmpty() ? List.of() : Arrays.asList(javaOptions.split("\\s+")));
  }
}
