package dev.berth.launcher;

import dev.berth.benchmarks.BenchResult;
import dev.berth.benchmarks.GeneratorSelfTest;
import dev.berth.benchmarks.HumanDuration;
import dev.berth.benchmarks.InvokeBench;
import dev.berth.benchmarks.InvokeRun;
import dev.berth.benchmarks.InvokeSettings;
import dev.berth.benchmarks.ResultTable;
import dev.berth.benchmarks.SigningCredentials;
import dev.berth.benchmarks.Slo;
import dev.berth.benchmarks.SweepPlan;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code berth bench}: load on any SageMaker Runtime endpoint (Berth's data plane or AWS), with the
 * generator of the {@code benchmarks} module. Progress goes to stderr, the summary table to stdout,
 * and {@code --output DIR} writes {@code result.json} and {@code report.html}.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Load-tests an endpoint through InvokeEndpoint: Berth's, or anything that speaks the"
            + " SageMaker Runtime API (AWS included, with your credentials). Requests are signed"
            + " with SigV4; latencies are recorded in HdrHistogram and reported as percentiles.",
    subcommands = {
      BenchCommand.Invoke.class,
      BenchCommand.Sweep.class,
      BenchCommand.SelfTest.class
    })
final class BenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** What every run against an endpoint needs: where it is, what to send, how to sign. */
  static final class EndpointOptions {
    @Option(
        names = "--endpoint-url",
        required = true,
        description =
            "SageMaker Runtime URL, e.g. http://127.0.0.1:8600 (berth up) or"
                + " https://runtime.sagemaker.us-east-1.amazonaws.com.")
    URI endpointUrl;

    @Option(names = "--endpoint-name", required = true, description = "The endpoint to invoke.")
    String endpointName;

    @Option(
        names = "--body",
        required = true,
        split = ",",
        paramLabel = "@FILE",
        description =
            "Payload file (@file or file). Repeat the option or give a comma list: the files are"
                + " sent in turn.")
    List<String> bodies = new ArrayList<>();

    @Option(
        names = "--content-type",
        defaultValue = "application/json",
        description = "Content-Type of every request (default: ${DEFAULT-VALUE}).")
    String contentType;

    @Option(names = "--accept", description = "Accept header (default: none).")
    String accept;

    @Option(
        names = "--target-variant",
        description = "X-Amzn-SageMaker-Target-Variant: send every request to this variant.")
    String targetVariant;

    @Option(
        names = "--region",
        description =
            "Region to sign for (default: from an AWS runtime URL, else AWS_REGION,"
                + " AWS_DEFAULT_REGION, the profile's region, else us-east-1).")
    String region;

    @Option(
        names = "--profile",
        description =
            "Named profile of ~/.aws/credentials and ~/.aws/config (default: the SDK's default"
                + " chain: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, the shared files,"
                + " SSO, container and instance roles).")
    String profile;

    @Option(
        names = "--output",
        paramLabel = "DIR",
        description = "Also write DIR/result.json and DIR/report.html (self-contained charts).")
    Path output;

    InvokeSettings settings(int connections) {
      List<String> files = new ArrayList<>();
      for (String body : bodies) {
        files.add(body.startsWith("@") ? body.substring(1) : body);
      }
      return new InvokeSettings(
          endpointUrl,
          endpointName,
          files,
          contentType,
          accept,
          targetVariant,
          InvokeBench.region(region, endpointUrl, profile),
          connections);
    }
  }

  /** {@code berth bench invoke}: one run at a fixed rate or a fixed concurrency. */
  @Command(
      name = "invoke",
      mixinStandardHelpOptions = true,
      description = {
        "Sends InvokeEndpoint requests for --duration after --warmup, a progress line a second"
            + " on stderr, then the summary table.",
        "--rate: open loop. Request i is sent at start + i/R whether or not earlier ones were"
            + " answered, and its latency counts from then (coordinated-omission corrected).",
        "--concurrency: closed loop. C requests are always in flight; this finds the peak rate."
      })
  static final class Invoke implements Callable<Integer> {
    @Mixin EndpointOptions endpoint;

    @ArgGroup(exclusive = true)
    Load load;

    static final class Load {
      @Option(names = "--rate", description = "Requests per second, open loop (default: 10).")
      Double rate;

      @Option(names = "--concurrency", description = "Requests in flight, closed loop.")
      Integer concurrency;
    }

    @Option(
        names = "--duration",
        defaultValue = "60s",
        description = "Measured window, e.g. 60s, 2m (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(
        names = "--warmup",
        defaultValue = "10s",
        description =
            "Load before the window whose answers are dropped (default: ${DEFAULT-VALUE}).")
    String warmup;

    @Option(
        names = "--connections",
        description =
            "Most keep-alive connections (default: 256 with --rate, the concurrency with"
                + " --concurrency).")
    Integer connections;

    @Override
    public Integer call() {
      Integer concurrency = load == null ? null : load.concurrency;
      double rate = load == null || load.rate == null ? 10 : load.rate;
      int pool = connections != null ? connections : concurrency != null ? concurrency : 256;
      return runGuarded(
          "invoke",
          () -> {
            Duration w = HumanDuration.parse(warmup);
            Duration d = HumanDuration.parse(duration);
            if (concurrency != null && concurrency < 1) {
              throw new IllegalArgumentException("--concurrency must be at least 1");
            }
            InvokeSettings settings = endpoint.settings(pool);
            try (SigningCredentials credentials = SigningCredentials.of(endpoint.profile);
                InvokeBench bench = InvokeBench.open(settings, credentials::current)) {
              System.err.println(
                  "berth bench invoke: "
                      + settings.endpointName()
                      + " at "
                      + settings.endpointUrl()
                      + (concurrency != null
                          ? ", " + concurrency + " in flight"
                          : ", " + ResultTable.number(rate) + " requests/s")
                      + ", warmup "
                      + w.toMillis() / 1000.0
                      + " s, measured "
                      + d.toMillis() / 1000.0
                      + " s");
              InvokeRun run =
                  concurrency != null
                      ? bench.closedLoop("invoke", concurrency, w, d, System.err::println)
                      : bench.openLoop("invoke", rate, w, d, System.err::println);
              return finish(bench.single("invoke", run), endpoint.output);
            }
          });
    }
  }

  /** {@code berth bench sweep}: the highest open-loop rate that meets an SLO. */
  @Command(
      name = "sweep",
      mixinStandardHelpOptions = true,
      description =
          "Steps the open-loop rate up from --start until a step misses --slo, fails more than"
              + " --max-error-rate of its requests, or answers less than 95 percent of the rate"
              + " it was offered, and reports the highest rate that held.")
  static final class Sweep implements Callable<Integer> {
    @Mixin EndpointOptions endpoint;

    @Option(
        names = "--slo",
        required = true,
        description =
            "Latency objective: p99<50ms, or several: p50<10ms,p99.9<1s (units us, ms, s; max for"
                + " the slowest).")
    String slo;

    @Option(
        names = "--start",
        defaultValue = "10",
        description = "First rate, requests/s (default: ${DEFAULT-VALUE}).")
    double start;

    @Option(
        names = "--step",
        defaultValue = "x1.5",
        description =
            "+N adds N requests/s per step, xF multiplies the rate (default: ${DEFAULT-VALUE}).")
    String step;

    @Option(
        names = "--max",
        defaultValue = "100000",
        description = "Highest rate tried, requests/s (default: ${DEFAULT-VALUE}).")
    double max;

    @Option(
        names = "--step-duration",
        defaultValue = "20s",
        description = "Measured window of each step (default: ${DEFAULT-VALUE}).")
    String stepDuration;

    @Option(
        names = "--warmup",
        defaultValue = "10s",
        description = "Load at the start rate before the first step (default: ${DEFAULT-VALUE}).")
    String warmup;

    @Option(
        names = "--max-error-rate",
        defaultValue = "1%",
        description = "Share of failed requests a step may have (default: ${DEFAULT-VALUE}).")
    String maxErrorRate;

    @Option(
        names = "--connections",
        defaultValue = "256",
        description = "Most keep-alive connections (default: ${DEFAULT-VALUE}).")
    int connections;

    @Override
    public Integer call() {
      return runGuarded(
          "sweep",
          () -> {
            double[] s = SweepPlan.parseStep(step);
            SweepPlan plan =
                new SweepPlan(
                    start,
                    s[0],
                    s[1],
                    max,
                    HumanDuration.parse(stepDuration),
                    HumanDuration.parse(warmup),
                    Slo.parse(slo),
                    share(maxErrorRate));
            InvokeSettings settings = endpoint.settings(connections);
            try (SigningCredentials credentials = SigningCredentials.of(endpoint.profile);
                InvokeBench bench = InvokeBench.open(settings, credentials::current)) {
              System.err.println(
                  "berth bench sweep: "
                      + settings.endpointName()
                      + " at "
                      + settings.endpointUrl()
                      + ", SLO "
                      + plan.slo());
              BenchResult result =
                  bench.sweep(
                      plan,
                      System.err::println,
                      run ->
                          System.err.printf(
                              Locale.ROOT,
                              "  -> %s: ok %.0f/s, p50 %.2f ms, p99 %.2f ms, %d errors%n",
                              run.summary().mode(),
                              run.summary().okPerSecond(),
                              run.summary().latencyMillis().p50(),
                              run.summary().latencyMillis().p99(),
                              run.summary().errors()));
              return finish(result, endpoint.output);
            }
          });
    }

    private static double share(String text) {
      String t = text.strip();
      try {
        return t.endsWith("%")
            ? Double.parseDouble(t.substring(0, t.length() - 1)) / 100
            : Double.parseDouble(t);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--max-error-rate is 1% or 0.01, got " + text);
      }
    }
  }

  /** {@code berth bench self-test}: the generator's own ceiling and cost per request. */
  @Command(
      name = "self-test",
      mixinStandardHelpOptions = true,
      description =
          "Drives a trivial echo server started in this process (one Netty event loop) with the"
              + " requests bench invoke sends (signed, a JSON body), closed loop, and reports the"
              + " rate reached and the generator's own CPU per request: how much load it can"
              + " offer on this machine before it is itself the bottleneck.")
  static final class SelfTest implements Callable<Integer> {
    @Option(
        names = "--concurrency",
        defaultValue = "64",
        description = "Requests in flight (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(
        names = "--connections",
        defaultValue = "64",
        description = "Keep-alive connections (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(
        names = "--pipelined",
        defaultValue = "1",
        description =
            "Requests in flight on each connection, HTTP/1.1 pipelining above 1 (default:"
                + " ${DEFAULT-VALUE}).")
    int pipelined;

    @Option(
        names = "--duration",
        defaultValue = "10s",
        description = "Measured window (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(
        names = "--warmup",
        defaultValue = "10s",
        description = "Unmeasured load first, for the JIT (default: ${DEFAULT-VALUE}).")
    String warmup;

    @Option(
        names = "--output",
        paramLabel = "DIR",
        description = "Also write DIR/result.json and DIR/report.html.")
    Path output;

    @Override
    public Integer call() {
      return runGuarded(
          "self-test",
          () -> {
            if (concurrency < 1 || connections < 1 || pipelined < 1) {
              throw new IllegalArgumentException(
                  "--concurrency, --connections and --pipelined must be at least 1");
            }
            return finish(
                GeneratorSelfTest.run(
                    concurrency,
                    connections,
                    pipelined,
                    HumanDuration.parse(warmup),
                    HumanDuration.parse(duration),
                    System.err::println),
                output);
          });
    }
  }

  /** Prints the summary (and writes the files); 0, as the run itself went through. */
  static int finish(BenchResult result, Path output) throws IOException {
    System.out.print(result.summary());
    if (output != null) {
      result.write(output);
      System.out.println(
          "wrote " + output.resolve("result.json") + " and " + output.resolve("report.html"));
    }
    return 0;
  }

  /** A run whose bad input or failure is reported in one line, not a stack trace. */
  @FunctionalInterface
  interface Body {
    int run() throws Exception;
  }

  static int runGuarded(String name, Body body) {
    PrintStream err = System.err;
    try {
      return body.run();
    } catch (IllegalArgumentException e) {
      err.println("berth bench " + name + ": " + e.getMessage());
      return 2;
    } catch (Exception e) {
      err.println("berth bench " + name + ": " + e.getMessage());
      return 1;
    }
  }
}
