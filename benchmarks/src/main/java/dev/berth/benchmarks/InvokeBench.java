package dev.berth.benchmarks;

import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileProperty;

/**
 * {@code berth bench}: InvokeEndpoint load on any SageMaker Runtime endpoint, Berth's or AWS's. One
 * generator ({@link LoadClient} on one event loop) drives either loop: {@link OpenLoopLoad} at a
 * fixed rate, latency from the intended send time, or {@link ClosedLoopLoad} at a fixed
 * concurrency; {@link #sweep} steps the open loop's rate up until an SLO breaks.
 *
 * <p>Usage: {@code try (InvokeBench bench = InvokeBench.open(settings, credentials::current)) {
 * bench.openLoop("invoke", 100, warmup, duration, System.err::println); }}
 */
public final class InvokeBench implements AutoCloseable {
  private static final Pattern AWS_RUNTIME_HOST =
      Pattern.compile("runtime(?:-fips)?\\.sagemaker\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?");

  private final InvokeSettings settings;
  private final NettyLoadClient client;
  private final LoadRequest.Source source;

  private InvokeBench(InvokeSettings settings, NettyLoadClient client, LoadRequest.Source source) {
    this.settings = settings;
    this.client = client;
    this.source = source;
  }

  /** Reads the payload files and opens the generator; nothing is sent yet. */
  public static InvokeBench open(
      InvokeSettings settings, java.util.function.Supplier<AwsCredentials> credentials) {
    return open(settings, settings.path(), 1, credentials);
  }

  /**
   * As {@link #open(InvokeSettings, java.util.function.Supplier)}, to another path, with up to
   * {@code inFlight} requests pipelined on each connection.
   */
  static InvokeBench open(
      InvokeSettings settings,
      String path,
      int inFlight,
      java.util.function.Supplier<AwsCredentials> credentials) {
    List<Buffer> payloads = new ArrayList<>();
    for (String file : settings.bodies()) {
      try {
        payloads.add(Buffer.buffer(Files.readAllBytes(Path.of(file))));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read payload " + file, e);
      }
    }
    NettyLoadClient client =
        NettyLoadClient.connect(settings.endpointUrl(), settings.connections(), inFlight);
    InvokeRequests requests =
        new InvokeRequests(
            LoadClient.hostHeader(settings.endpointUrl()),
            path,
            settings.region(),
            settings.contentType(),
            settings.accept(),
            settings.targetVariant(),
            payloads,
            credentials);
    return new InvokeBench(settings, client, requests.source());
  }

  /**
   * The region to sign for: {@code given}, else the one in an AWS runtime host name ({@code
   * runtime.sagemaker.eu-west-1.amazonaws.com}), else {@code AWS_REGION}, {@code
   * AWS_DEFAULT_REGION}, the profile's {@code region}, and last {@code us-east-1}.
   */
  public static String region(String given, URI endpointUrl, String profile) {
    if (given != null && !given.isBlank()) {
      return given;
    }
    Matcher aws = AWS_RUNTIME_HOST.matcher(endpointUrl.getHost().toLowerCase(Locale.ROOT));
    if (aws.matches()) {
      return aws.group(1);
    }
    for (String variable : List.of("AWS_REGION", "AWS_DEFAULT_REGION")) {
      String value = System.getenv(variable);
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    try {
      String name =
          profile != null ? profile : System.getenv().getOrDefault("AWS_PROFILE", "default");
      var fromProfile =
          ProfileFile.defaultProfileFile()
              .profile(name)
              .flatMap(p -> p.property(ProfileProperty.REGION));
      if (fromProfile.isPresent()) {
        return fromProfile.get();
      }
    } catch (RuntimeException e) {
      // No readable shared config: fall through to the default.
    }
    return "us-east-1";
  }

  /** An open-loop run at {@code rate} requests per second. */
  public InvokeRun openLoop(
      String label, double rate, Duration warmup, Duration duration, Consumer<String> progress) {
    Measurement m = new OpenLoopLoad(client, source, rate, warmup, duration, progress).run();
    return InvokeRun.of(
        label,
        operation(),
        "open " + ResultTable.number(rate) + "/s",
        rate,
        settings.connections(),
        1,
        warmup,
        duration,
        m,
        Instant.now().toString());
  }

  /** A closed-loop run with {@code concurrency} requests always in flight. */
  public InvokeRun closedLoop(
      String label,
      int concurrency,
      Duration warmup,
      Duration duration,
      Consumer<String> progress) {
    Measurement m =
        new ClosedLoopLoad(client, source, concurrency, warmup, duration, progress).run();
    return InvokeRun.of(
        label,
        operation(),
        "closed " + concurrency,
        0,
        Math.min(concurrency, settings.connections()),
        1,
        warmup,
        duration,
        m,
        Instant.now().toString());
  }

  /**
   * Steps the open-loop rate up as {@code plan} says until a step breaks it; {@code stepDone} hears
   * of each step as it ends.
   */
  public BenchResult sweep(
      SweepPlan plan, Consumer<String> progress, Consumer<InvokeRun> stepDone) {
    if (!plan.warmup().isZero()) {
      progress.accept(
          String.format(Locale.ROOT, "warmup at %s/s", ResultTable.number(plan.start())));
      new OpenLoopLoad(client, source, plan.start(), plan.warmup(), Duration.ZERO, progress).run();
    }
    List<InvokeRun> steps = new ArrayList<>();
    double held = 0;
    double brokenAt = 0;
    List<String> because = List.of();
    for (double rate = plan.start(); rate <= plan.max(); rate = plan.next(rate)) {
      progress.accept(
          String.format(Locale.ROOT, "step %d: %s/s", steps.size() + 1, ResultTable.number(rate)));
      Measurement m =
          new OpenLoopLoad(client, source, rate, Duration.ZERO, plan.stepDuration(), progress)
              .run();
      InvokeRun step =
          InvokeRun.of(
              "step " + (steps.size() + 1),
              operation(),
              "open " + ResultTable.number(rate) + "/s",
              rate,
              settings.connections(),
              1,
              Duration.ZERO,
              plan.stepDuration(),
              m,
              Instant.now().toString());
      steps.add(step);
      stepDone.accept(step);
      List<String> missed = missed(plan, rate, m, step.summary());
      if (!missed.isEmpty()) {
        brokenAt = rate;
        because = missed;
        break;
      }
      held = rate;
    }
    return new BenchResult(
        "sweep",
        Instant.now().toString(),
        settings,
        BenchResult.Machine.current(),
        steps,
        new BenchResult.SweepVerdict(
            plan.slo().toString(), plan.maxErrorRate(), held, brokenAt, because));
  }

  /** Why a step broke the plan: the SLO, the error rate, or a rate not sustained. */
  static List<String> missed(SweepPlan plan, double rate, Measurement m, LoadResult summary) {
    List<String> missed = new ArrayList<>(plan.slo().missed(m.latency()));
    double errorRate = m.errorCount() / (double) Math.max(1, m.requests());
    if (errorRate > plan.maxErrorRate()) {
      missed.add(
          String.format(
              Locale.ROOT,
              "errors %.2f %% > %s %%",
              errorRate * 100,
              ResultTable.number(plan.maxErrorRate() * 100)));
    }
    if (summary.okPerSecond() < SweepPlan.MIN_SUSTAINED * rate) {
      missed.add(
          String.format(
              Locale.ROOT,
              "answered %.0f/s of the %s/s offered",
              summary.okPerSecond(),
              ResultTable.number(rate)));
    }
    return missed;
  }

  /** The result of one run of {@code berth bench invoke}. */
  public BenchResult single(String kind, InvokeRun run) {
    return new BenchResult(
        kind, run.summary().date(), settings, BenchResult.Machine.current(), List.of(run), null);
  }

  private String operation() {
    return "InvokeEndpoint " + settings.endpointName();
  }

  @Override
  public void close() {
    client.close();
  }
}
