package dev.berth.benchmarks;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * What one {@link ControlPlaneBench} run is told, parsed from {@code --flag value} pairs (the
 * benchmarks module has no command-line library; a dozen flags do not need one).
 *
 * <p>Usage: {@code BenchOptions options = BenchOptions.parse(args);}
 *
 * @param endpointUrl the control plane's URL; only loopback addresses are accepted
 * @param accessKey the access key id; an admin key lets the run make itself a fresh account
 * @param secretKey its secret
 * @param region the region every request is signed for
 * @param operation which operation is driven
 * @param rate requests per second on a fixed timetable (open loop), or 0 for the closed loop
 * @param warmup how long requests are sent but not recorded
 * @param duration how long requests are recorded
 * @param connections keep-alive HTTP/1.1 connections
 * @param inFlight requests each connection keeps in flight in the closed loop (pipelined when above
 *     1)
 * @param endpoints how many endpoints the DescribeEndpoint run creates and describes in turn
 * @param label the name of the run in tables and in the JSON result
 * @param output where to write the JSON result, or null for none
 * @param expectRate the achieved rate the run must reach to pass its check, or 0 for none
 * @param expectP99Millis the p99 latency the run must stay under to pass, or 0 for none
 */
public record BenchOptions(
    URI endpointUrl,
    String accessKey,
    String secretKey,
    String region,
    BenchOperation operation,
    double rate,
    Duration warmup,
    Duration duration,
    int connections,
    int inFlight,
    int endpoints,
    String label,
    Path output,
    double expectRate,
    double expectP99Millis) {

  static final String USAGE =
      """
      Usage: java -jar berth-bench.jar [--operation describe|create] [--rate R] [options]

      Drives DescribeEndpoint or CreateEndpoint against a running Berth control plane and
      reports throughput and latency percentiles (HdrHistogram).

      Modes:
        closed loop (no --rate)  every connection keeps --in-flight requests outstanding and
                                 sends the next as soon as one is answered: the peak rate
        open loop (--rate R)     sends R requests/s on a fixed timetable whatever the answers
                                 do; latency counts from each request's intended send time
                                 (coordinated-omission correction)

      Options:
        --endpoint-url URL   control plane URL, loopback only (default http://127.0.0.1:8600)
        --access-key KEY     access key id (default test); an admin key gets a fresh account
        --secret-key SECRET  secret access key (default test)
        --region REGION      signing region (default us-east-1)
        --operation OP       describe (DescribeEndpoint) or create (CreateEndpoint); default describe
        --rate R             open loop at R requests/s; omit for the closed loop
        --duration SECONDS   measured time (default 15)
        --warmup SECONDS     unmeasured time before it (default 5)
        --connections N      keep-alive connections (default 16)
        --in-flight K        requests in flight per connection, closed loop (default 1)
        --endpoints N        endpoints created for the describe run (default 100)
        --label TEXT         the run's name in tables (default: operation and mode)
        --output FILE        also write the result as JSON
        --expect-rate R      check: the achieved rate must reach R/s
        --expect-p99-ms MS   check: p99 latency must be at most MS milliseconds
        --help               print this
      """;

  private static final Set<String> FLAGS =
      Set.of(
          "--endpoint-url",
          "--access-key",
          "--secret-key",
          "--region",
          "--operation",
          "--rate",
          "--duration",
          "--warmup",
          "--connections",
          "--in-flight",
          "--endpoints",
          "--label",
          "--output",
          "--expect-rate",
          "--expect-p99-ms");

  public BenchOptions {
    String host = endpointUrl.getHost();
    if (!"http".equals(endpointUrl.getScheme())
        || !(host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]"))) {
      throw new UsageException(
          "--endpoint-url must be http:// on a loopback address, got " + endpointUrl);
    }
    if (rate < 0 || connections < 1 || inFlight < 1 || endpoints < 1) {
      throw new UsageException(
          "--rate must be positive and --connections, --in-flight, --endpoints at least 1");
    }
    if (duration.isZero() || duration.isNegative() || warmup.isNegative()) {
      throw new UsageException("--duration must be positive and --warmup not negative");
    }
  }

  /** Whether this run sends on a fixed timetable. */
  public boolean openLoop() {
    return rate > 0;
  }

  /** The mode as printed: {@code closed 16x1} or {@code open 1000/s}. */
  public String mode() {
    return openLoop()
        ? String.format(Locale.ROOT, "open %s/s", ResultTable.number(rate))
        : "closed " + connections + "x" + inFlight;
  }

  /**
   * Parses {@code --flag value} pairs; {@code --help} is answered by the caller.
   *
   * @throws UsageException for an unknown flag, a missing or malformed value
   */
  public static BenchOptions parse(String[] args) {
    CommandLineFlags flags = CommandLineFlags.parse(args, FLAGS);
    BenchOperation operation = BenchOperation.parse(flags.text("--operation", "describe"));
    double rate = flags.number("--rate", 0);
    String mode = rate > 0 ? "open" : "peak";
    return new BenchOptions(
        URI.create(flags.text("--endpoint-url", "http://127.0.0.1:8600")),
        flags.text("--access-key", "test"),
        flags.text("--secret-key", "test"),
        flags.text("--region", "us-east-1"),
        operation,
        rate,
        flags.seconds("--warmup", 5),
        flags.seconds("--duration", 15),
        flags.whole("--connections", 16),
        flags.whole("--in-flight", 1),
        flags.whole("--endpoints", 100),
        flags.text("--label", operation.target() + " " + mode),
        flags.path("--output"),
        flags.number("--expect-rate", 0),
        flags.number("--expect-p99-ms", 0));
  }

  /** A command line that cannot be run; the message says why. */
  public static final class UsageException extends RuntimeException {
    public UsageException(String message) {
      super(message);
    }
  }
}
