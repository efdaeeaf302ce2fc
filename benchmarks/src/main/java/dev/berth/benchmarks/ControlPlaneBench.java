package dev.berth.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.berth.controlplane.admin.AdminClient.AdminException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

/**
 * The control-plane load generator: drives DescribeEndpoint or CreateEndpoint against a running
 * control plane, closed loop for the peak rate or open loop at a fixed rate for latency, and prints
 * one row of {@link ResultTable} (and a JSON {@link LoadResult} with {@code --output}).
 *
 * <p>Usage: {@code java -jar berth-bench.jar --operation describe --rate 1000 --duration 15}; see
 * {@code --help} and {@code benchmarks/README.md}.
 */
public final class ControlPlaneBench {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ControlPlaneBench() {}

  public static void main(String[] args) {
    if (args.length > 0 && Set.of("--help", "-h", "help").contains(args[0])
        || List.of(args).contains("--help")) {
      System.out.print(BenchOptions.USAGE);
      return;
    }
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (BenchOptions.UsageException e) {
      System.err.println("berth-bench: " + e.getMessage() + " (see --help)");
      System.exit(2);
      return;
    }
    System.exit(run(options));
  }

  /** Runs one benchmark; returns the process exit status (a missed check is still 0). */
  static int run(BenchOptions options) {
    System.err.printf(
        "%s: %s %s against %s, warmup %d s, measured %d s%n",
        options.label(),
        options.operation().target(),
        options.mode(),
        options.endpointUrl(),
        options.warmup().toSeconds(),
        options.duration().toSeconds());
    BenchSetup.Prepared prepared;
    try {
      prepared = BenchSetup.prepare(options, System.err::println);
    } catch (AdminException e) {
      System.err.println("berth-bench: setup failed: " + e.getMessage());
      return 1;
    }
    LoadResult result;
    try (LoadClient client =
        LoadClient.connect(options.endpointUrl(), options.connections(), options.inFlight())) {
      SageMakerRequests requests =
          new SageMakerRequests(
              client.hostHeader(), options.region(), prepared.accessKeyId(), prepared.secret());
      LoadRequest.Source source =
          switch (options.operation()) {
            case DESCRIBE -> requests.describeEndpoints(prepared.endpointNames());
            case CREATE ->
                requests.createEndpoints(prepared.prefix() + "-ep", prepared.configName());
          };
      LoadRun run =
          options.openLoop()
              ? new OpenLoopLoad(
                  client,
                  source,
                  options.rate(),
                  options.warmup(),
                  options.duration(),
                  System.err::println)
              : new ClosedLoopLoad(
                  client,
                  source,
                  options.connections() * options.inFlight(),
                  options.warmup(),
                  options.duration(),
                  System.err::println);
      Measurement measured = run.run();
      result =
          LoadResult.of(
              options, measured, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    }
    System.out.print(ResultTable.render(List.of(result)));
    if (options.output() != null) {
      try {
        Path parent = options.output().toAbsolutePath().getParent();
        Files.createDirectories(parent);
        JSON.writeValue(options.output().toFile(), result);
      } catch (IOException e) {
        System.err.println("berth-bench: could not write " + options.output() + ": " + e);
        return 1;
      }
    }
    return 0;
  }
}
