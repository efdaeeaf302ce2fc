package dev.berth.benchmarks;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * What one {@link TimeToInService} run is told, parsed from {@code --flag value} pairs.
 *
 * <p>Usage: {@code TimeToInServiceOptions options = TimeToInServiceOptions.parse(args);}
 *
 * @param endpointUrl the control plane's URL; only loopback addresses are accepted
 * @param accessKey the access key id the SDK signs with
 * @param secretKey its secret
 * @param region the region every request is signed for
 * @param dataDir the data directory of the {@code berth up} under test, or null: its runtime logs
 *     give each runtime's own start-up times, and its {@code instances/} directory tells when the
 *     runtimes of deleted endpoints are gone
 * @param workDir where the model is written
 * @param modelDataUrl the {@code ModelDataUrl} of the model, or null to write the benchmark's MLP
 *     as {@code model.tar.gz} in {@code workDir}
 * @param instanceType the instance type of the endpoint configuration's one variant
 * @param warmupEndpoints endpoints created and deleted one at a time before the measured ones, not
 *     counted: the first one also fills the artifact cache
 * @param sequential endpoints created and deleted one at a time, each measured
 * @param concurrent endpoints created at once, or 0 to skip that phase
 * @param pollInterval how often DescribeEndpoint is asked while waiting
 * @param timeout the longest wait for one endpoint to be InService or gone
 * @param targetMedianSeconds the median Create→InService the run checks against
 * @param output where to write the JSON result, or null for none
 */
public record TimeToInServiceOptions(
    URI endpointUrl,
    String accessKey,
    String secretKey,
    String region,
    Path dataDir,
    Path workDir,
    String modelDataUrl,
    String instanceType,
    int warmupEndpoints,
    int sequential,
    int concurrent,
    Duration pollInterval,
    Duration timeout,
    double targetMedianSeconds,
    Path output) {

  static final String USAGE =
      """
      Usage: java -cp berth-bench.jar dev.berth.benchmarks.TimeToInService [options]

      The time-to-InService benchmark (benchmarks/README.md): against a running Berth with
      the local orchestrator, creates one model (the MLP 256-1024-1024-10 as a file://
      model.tar.gz) and one endpoint configuration, then measures CreateEndpoint until
      DescribeEndpoint first answers InService: for endpoints created one at a time (each
      deleted before the next), and for endpoints created at once. Prints median, p90, min
      and max, and with --data-dir where the time went (the runtimes' own logs).

      Options:
        --endpoint-url URL   Berth's URL, loopback only (default http://127.0.0.1:8600)
        --access-key KEY     access key id (default test)
        --secret-key SECRET  secret access key (default test)
        --region REGION      signing region (default us-east-1)
        --data-dir DIR       the data directory of the berth up under test: enables the
                             break-down from the runtime logs, and waits for the runtimes of
                             deleted endpoints to end (default: neither)
        --work-dir DIR       where the model is written (default: a new temp dir)
        --model-data-url URL ModelDataUrl to use instead of writing the MLP
        --instance-type T    the variant's instance type (default ml.m5.large)
        --warmup-endpoints N endpoints made one at a time first, not counted (default 1)
        --sequential N       endpoints made one at a time and measured (default 20)
        --concurrent N       endpoints made at once; 0 skips that phase (default 10)
        --poll-ms MS         DescribeEndpoint interval while waiting (default 50)
        --timeout SECONDS    longest wait for one endpoint (default 180)
        --target-median S    median Create->InService to check against (default 3)
        --output FILE        also write the result as JSON
        --help               print this
      """;

  private static final Set<String> FLAGS =
      Set.of(
          "--endpoint-url",
          "--access-key",
          "--secret-key",
          "--region",
          "--data-dir",
          "--work-dir",
          "--model-data-url",
          "--instance-type",
          "--warmup-endpoints",
          "--sequential",
          "--concurrent",
          "--poll-ms",
          "--timeout",
          "--target-median",
          "--output");

  public TimeToInServiceOptions {
    String host = endpointUrl.getHost();
    if (!"http".equals(endpointUrl.getScheme())
        || !(host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]"))) {
      throw new BenchOptions.UsageException(
          "--endpoint-url must be http:// on a loopback address, got " + endpointUrl);
    }
    if (warmupEndpoints < 0 || sequential < 1 || concurrent < 0) {
      throw new BenchOptions.UsageException(
          "--sequential must be at least 1, --warmup-endpoints and --concurrent not negative");
    }
    if (pollInterval.isZero() || pollInterval.isNegative() || timeout.isNegative()) {
      throw new BenchOptions.UsageException("--poll-ms and --timeout must be positive");
    }
  }

  /**
   * Parses {@code --flag value} pairs; {@code --help} is answered by the caller.
   *
   * @throws BenchOptions.UsageException for an unknown flag, a missing or malformed value
   */
  public static TimeToInServiceOptions parse(String[] args) {
    CommandLineFlags flags = CommandLineFlags.parse(args, FLAGS);
    return new TimeToInServiceOptions(
        URI.create(flags.text("--endpoint-url", "http://127.0.0.1:8600")),
        flags.text("--access-key", "test"),
        flags.text("--secret-key", "test"),
        flags.text("--region", "us-east-1"),
        flags.path("--data-dir"),
        flags.path("--work-dir"),
        flags.text("--model-data-url", null),
        flags.text("--instance-type", "ml.m5.large"),
        flags.whole("--warmup-endpoints", 1),
        flags.whole("--sequential", 20),
        flags.whole("--concurrent", 10),
        Duration.ofMillis(flags.whole("--poll-ms", 50)),
        flags.seconds("--timeout", 180),
        flags.number("--target-median", 3),
        flags.path("--output"));
  }
}
