package dev.berth.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.ContainerDefinition;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariant;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;

/**
 * The time-to-InService benchmark (issue 4; benchmarks/README.md): how long an endpoint takes from
 * CreateEndpoint until DescribeEndpoint first answers {@code InService}, on a running {@code berth
 * up} with the local orchestrator, through the AWS SDK. One model (the benchmark's MLP
 * 256→1024→1024→10 as a {@code file://} {@code model.tar.gz}) and one endpoint configuration (one
 * instance) serve every endpoint.
 *
 * <ol>
 *   <li>Warm-up: {@code --warmup-endpoints} endpoints one at a time, not counted. The first fills
 *       the artifact cache, so the measured runtimes find the model there, as every runtime but the
 *       first does.
 *   <li>Sequential: {@code --sequential} endpoints one at a time. Each is created, polled every
 *       {@code --poll-ms} until InService, deleted, and polled until it is gone (and, with {@code
 *       --data-dir}, until its runtime has ended) before the next.
 *   <li>Concurrent: {@code --concurrent} CreateEndpoint calls at once, each endpoint polled on its
 *       own thread; the time until all are InService, and each one's.
 * </ol>
 *
 * <p>With {@code --data-dir}, each runtime's log adds where the time went: CreateEndpoint until the
 * orchestrator started the runtime process, the process until it listened and until its model was
 * ready, and ready until the InService answer.
 *
 * <p>Usage: {@code java -cp berth-bench.jar dev.berth.benchmarks.TimeToInService --endpoint-url
 * http://127.0.0.1:8800 --data-dir /tmp/berth}; {@code benchmarks/time-to-inservice.sh} starts
 * {@code berth up} and runs it.
 */
public final class TimeToInService {
  static final String CREATE_TO_IN_SERVICE = "CreateEndpoint → InService";
  static final String CREATE_CALL = "CreateEndpoint call";
  static final String CREATE_TO_LAUNCH = "CreateEndpoint → runtime started";
  static final String LAUNCH_TO_LISTENING = "runtime started → listening";
  static final String LAUNCH_TO_READY = "runtime started → model ready";
  static final String READY_TO_IN_SERVICE = "model ready → InService seen";
  static final String DELETE_TO_GONE = "DeleteEndpoint → gone";
  static final String ALL_IN_SERVICE = "first CreateEndpoint → all InService";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final TimeToInServiceOptions options;
  private final SageMakerClient sagemaker;
  private final String prefix;

  private TimeToInService(TimeToInServiceOptions options, SageMakerClient sagemaker) {
    this.options = options;
    this.sagemaker = sagemaker;
    // Six base-36 characters: runs on one server never collide.
    this.prefix =
        "tti-"
            + Long.toString(ThreadLocalRandom.current().nextLong(60_466_176L, 2_176_782_336L), 36);
  }

  public static void main(String[] args) {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      System.out.print(TimeToInServiceOptions.USAGE);
      return;
    }
    TimeToInServiceOptions options;
    try {
      options = TimeToInServiceOptions.parse(args);
    } catch (BenchOptions.UsageException e) {
      System.err.println("time-to-inservice: " + e.getMessage() + " (see --help)");
      System.exit(2);
      return;
    }
    try (SageMakerClient sagemaker = client(options)) {
      System.exit(new TimeToInService(options, sagemaker).run());
    } catch (Exception e) {
      System.err.println("time-to-inservice: " + e);
      e.printStackTrace();
      System.exit(1);
    }
  }

  /** The SDK client: static credentials, no retries (a retry would hide a slow answer). */
  static SageMakerClient client(TimeToInServiceOptions options) {
    return SageMakerClient.builder()
        .endpointOverride(options.endpointUrl())
        .region(Region.of(options.region()))
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(options.accessKey(), options.secretKey())))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  /**
   * One endpoint's times, in milliseconds from the CreateEndpoint call.
   *
   * @param endpoint its name
   * @param inService until the first InService answer, or null when it never came
   * @param failure why it never came (status Failed, or the timeout), or null
   * @param createCall until CreateEndpoint answered
   * @param runtime its runtime's start from the runtime log, or null without {@code --data-dir}
   *     (and in the concurrent phase, where runtimes are not told apart)
   * @param deleted from DeleteEndpoint until DescribeEndpoint no longer finds it, or null
   */
  record EndpointTimes(
      String endpoint,
      Long inService,
      String failure,
      long createCall,
      RuntimeTimes runtime,
      Long deleted) {}

  /**
   * A runtime's start, in milliseconds.
   *
   * @param launchedAfterCreate from the CreateEndpoint call until the orchestrator started it
   * @param listening from its start until it listened, or null
   * @param ready from its start until its model was ready, or null
   */
  record RuntimeTimes(Long launchedAfterCreate, Long listening, Long ready) {}

  /**
   * The JSON result.
   *
   * @param date when the run ended
   * @param cores processors this JVM sees; Berth, its runtimes and this benchmark share them
   * @param java the JVM running the benchmark
   * @param endpointUrl the Berth measured
   * @param modelDataUrl the model every endpoint serves
   * @param instanceType the variant's instance type (one instance)
   * @param pollMillis the DescribeEndpoint interval
   * @param warmup the endpoints not counted
   * @param sequential the endpoints created one at a time
   * @param sequentialSpread median, p90, min, max of each step of the sequential endpoints
   * @param concurrent the endpoints created at once
   * @param concurrentAllMillis from the first CreateEndpoint until the last InService, or null
   * @param concurrentSpread median, p90, min, max of the concurrent endpoints
   * @param runtimesStarted runtime starts per phase found in the logs (the concurrent ones with
   *     their start-to-ready times), with {@code --data-dir}
   * @param targetMedianMillis the target for the sequential median
   * @param targetMet whether the sequential median met it (and no endpoint failed)
   */
  record Result(
      String date,
      int cores,
      String java,
      String endpointUrl,
      String modelDataUrl,
      String instanceType,
      long pollMillis,
      List<EndpointTimes> warmup,
      List<EndpointTimes> sequential,
      Map<String, Spread> sequentialSpread,
      List<EndpointTimes> concurrent,
      Long concurrentAllMillis,
      Map<String, Spread> concurrentSpread,
      Map<String, List<RuntimeTimes>> runtimesStarted,
      long targetMedianMillis,
      boolean targetMet) {}

  private int run() throws Exception {
    Path work =
        options.workDir() != null
            ? Files.createDirectories(options.workDir())
            : Files.createTempDirectory("berth-time-to-inservice");
    String modelDataUrl =
        options.modelDataUrl() != null ? options.modelDataUrl() : writeModel(work);
    String model = prefix + "-model";
    String config = prefix + "-config";
    log(
        "Time to InService against %s: %d cores, model %s, %s x1, DescribeEndpoint every %d ms",
        options.endpointUrl(),
        Runtime.getRuntime().availableProcessors(),
        modelDataUrl,
        options.instanceType(),
        options.pollInterval().toMillis());
    sagemaker.createModel(
        r ->
            r.modelName(model)
                .primaryContainer(
                    ContainerDefinition.builder().modelDataUrl(modelDataUrl).build()));
    sagemaker.createEndpointConfig(
        r ->
            r.endpointConfigName(config)
                .productionVariants(
                    ProductionVariant.builder()
                        .variantName("AllTraffic")
                        .modelName(model)
                        .instanceType(options.instanceType())
                        .initialInstanceCount(1)
                        .build()));

    Map<String, List<RuntimeTimes>> runtimesStarted = new LinkedHashMap<>();
    List<EndpointTimes> warmup = new ArrayList<>();
    for (int i = 1; i <= options.warmupEndpoints(); i++) {
      warmup.add(oneAtATime(prefix + "-w" + i, config, "warm-up " + i));
    }
    List<EndpointTimes> sequential = new ArrayList<>();
    for (int i = 1; i <= options.sequential(); i++) {
      sequential.add(oneAtATime(prefix + "-s" + i, config, "sequential " + i));
    }
    List<EndpointTimes> concurrent = List.of();
    Long concurrentAll = null;
    if (options.concurrent() > 0) {
      Set<Path> before = runtimeLogs();
      concurrent = atOnce(config);
      concurrentAll =
          concurrent.stream().anyMatch(t -> t.inService() == null)
              ? null
              : concurrent.stream().mapToLong(EndpointTimes::inService).max().orElse(0);
      runtimesStarted.put("concurrent", newRuntimeStarts(before));
      deleteAll(concurrent.stream().map(EndpointTimes::endpoint).toList());
    }
    sagemaker.deleteEndpointConfig(r -> r.endpointConfigName(config));
    sagemaker.deleteModel(r -> r.modelName(model));

    Map<String, Spread> sequentialSpread = spread(sequential);
    Map<String, Spread> concurrentSpread = new LinkedHashMap<>();
    concurrentSpread.put(CREATE_TO_IN_SERVICE, spreadOf(concurrent, EndpointTimes::inService));
    concurrentSpread.put(CREATE_CALL, spreadOf(concurrent, EndpointTimes::createCall));
    concurrentSpread.put(
        LAUNCH_TO_READY,
        Spread.of(
            runtimesStarted.getOrDefault("concurrent", List.of()).stream()
                .map(RuntimeTimes::ready)
                .filter(Objects::nonNull)
                .toList()));
    long target = Math.round(options.targetMedianSeconds() * 1000);
    boolean failed =
        Stream.of(warmup, sequential, concurrent)
            .flatMap(List::stream)
            .anyMatch(t -> t.inService() == null);
    Spread headline = sequentialSpread.get(CREATE_TO_IN_SERVICE);
    boolean met = !failed && headline.count() > 0 && headline.median() <= target;
    Result result =
        new Result(
            Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
            Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.vm.version"),
            options.endpointUrl().toString(),
            modelDataUrl,
            options.instanceType(),
            options.pollInterval().toMillis(),
            warmup,
            sequential,
            sequentialSpread,
            concurrent,
            concurrentAll,
            concurrentSpread,
            runtimesStarted,
            target,
            met);
    System.out.print(render(result));
    if (options.output() != null) {
      Files.createDirectories(options.output().toAbsolutePath().getParent());
      JSON.writeValue(options.output().toFile(), result);
    }
    return failed ? 1 : 0;
  }

  /** Creates {@code endpoint}, waits until InService, deletes it and waits until it is gone. */
  private EndpointTimes oneAtATime(String endpoint, String config, String label)
      throws IOException, InterruptedException {
    Set<Path> before = runtimeLogs();
    Instant createdAt = Instant.now();
    long start = System.nanoTime();
    sagemaker.createEndpoint(r -> r.endpointName(endpoint).endpointConfigName(config));
    long createCall = millisSince(start);
    Waited waited = awaitInService(endpoint, start);
    RuntimeTimes runtime = null;
    if (options.dataDir() != null) {
      List<Path> started = new ArrayList<>(runtimeLogs());
      started.removeAll(before);
      if (started.size() == 1) {
        runtime =
            RuntimeStartLog.read(started.get(0))
                .map(
                    log ->
                        new RuntimeTimes(
                            log.launched().toEpochMilli() - createdAt.toEpochMilli(),
                            log.listeningMillis(),
                            log.readyMillis()))
                .orElse(null);
      }
    }
    Long deleted = delete(endpoint);
    EndpointTimes times =
        new EndpointTimes(
            endpoint, waited.inService(), waited.failure(), createCall, runtime, deleted);
    log(
        "%s: %s%s",
        label,
        times.inService() != null
            ? String.format(Locale.ROOT, "InService after %d ms", times.inService())
            : "not InService: " + times.failure(),
        runtime == null || runtime.ready() == null
            ? ""
            : String.format(
                Locale.ROOT,
                " (runtime started after %d ms, ready %d ms later)",
                runtime.launchedAfterCreate(),
                runtime.ready()));
    return times;
  }

  /** Creates {@code --concurrent} endpoints at once; each is polled on a thread of its own. */
  private List<EndpointTimes> atOnce(String config) throws Exception {
    int n = options.concurrent();
    ExecutorService threads = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch ready = new CountDownLatch(n);
      CountDownLatch go = new CountDownLatch(1);
      long[] start = new long[1];
      List<Future<EndpointTimes>> futures = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        String endpoint = prefix + "-c" + i;
        futures.add(
            threads.submit(
                () -> {
                  ready.countDown();
                  go.await();
                  long sent = System.nanoTime();
                  sagemaker.createEndpoint(
                      r -> r.endpointName(endpoint).endpointConfigName(config));
                  long createCall = millisSince(sent);
                  // Times count from the moment all were let go, so they add up to the total.
                  Waited waited = awaitInService(endpoint, start[0]);
                  return new EndpointTimes(
                      endpoint, waited.inService(), waited.failure(), createCall, null, null);
                }));
      }
      ready.await();
      start[0] = System.nanoTime();
      go.countDown();
      List<EndpointTimes> times = new ArrayList<>();
      for (Future<EndpointTimes> future : futures) {
        times.add(future.get());
      }
      for (EndpointTimes t : times) {
        log(
            "concurrent %s: %s",
            t.endpoint(),
            t.inService() != null ? "InService after " + t.inService() + " ms" : t.failure());
      }
      return times;
    } finally {
      threads.shutdownNow();
    }
  }

  /**
   * What waiting for InService came to.
   *
   * @param inService milliseconds from {@code start} to the first InService answer, or null
   * @param failure why it did not come, or null
   */
  private record Waited(Long inService, String failure) {}

  private Waited awaitInService(String endpoint, long start) throws InterruptedException {
    long poll = options.pollInterval().toNanos();
    long next = System.nanoTime();
    while (true) {
      DescribeEndpointResponse answer = sagemaker.describeEndpoint(r -> r.endpointName(endpoint));
      long now = System.nanoTime();
      if (answer.endpointStatus() == EndpointStatus.IN_SERVICE) {
        return new Waited(TimeUnit.NANOSECONDS.toMillis(now - start), null);
      }
      if (answer.endpointStatus() == EndpointStatus.FAILED) {
        return new Waited(null, "Failed: " + answer.failureReason());
      }
      if (now - start > options.timeout().toNanos()) {
        return new Waited(
            null,
            "still "
                + answer.endpointStatusAsString()
                + " after "
                + options.timeout().toSeconds()
                + " s");
      }
      next = Math.max(next + poll, now);
      TimeUnit.NANOSECONDS.sleep(next - now);
    }
  }

  /** Deletes {@code endpoint}; returns milliseconds until it is gone (and its runtime ended). */
  private Long delete(String endpoint) throws IOException, InterruptedException {
    long start = System.nanoTime();
    sagemaker.deleteEndpoint(r -> r.endpointName(endpoint));
    if (!awaitGone(endpoint, start)) {
      log("%s was not gone after %d s", endpoint, options.timeout().toSeconds());
      return null;
    }
    long gone = millisSince(start);
    awaitRuntimesEnded(start);
    return gone;
  }

  private void deleteAll(List<String> endpoints) throws IOException, InterruptedException {
    long start = System.nanoTime();
    for (String endpoint : endpoints) {
      sagemaker.deleteEndpoint(r -> r.endpointName(endpoint));
    }
    for (String endpoint : endpoints) {
      if (!awaitGone(endpoint, start)) {
        log("%s was not gone after %d s", endpoint, options.timeout().toSeconds());
      }
    }
    awaitRuntimesEnded(start);
  }

  private boolean awaitGone(String endpoint, long start) throws InterruptedException {
    while (System.nanoTime() - start < options.timeout().toNanos()) {
      try {
        sagemaker.describeEndpoint(r -> r.endpointName(endpoint));
      } catch (SageMakerException e) {
        if (e.statusCode() == 400
            && e.awsErrorDetails() != null
            && "ValidationException".equals(e.awsErrorDetails().errorCode())) {
          return true;
        }
        throw e;
      }
      TimeUnit.NANOSECONDS.sleep(options.pollInterval().toNanos());
    }
    return false;
  }

  /**
   * With {@code --data-dir}, waits until the local orchestrator's pid files are gone: the runtimes
   * of deleted endpoints have ended, so they take no CPU from the next measurement.
   */
  private void awaitRuntimesEnded(long start) throws IOException, InterruptedException {
    if (options.dataDir() == null) {
      return;
    }
    Path instances = options.dataDir().resolve("instances");
    while (System.nanoTime() - start < options.timeout().toNanos()) {
      if (filesEndingWith(instances, ".json").isEmpty()) {
        return;
      }
      TimeUnit.NANOSECONDS.sleep(options.pollInterval().toNanos());
    }
    log("runtimes still running after %d s: %s", options.timeout().toSeconds(), instances);
  }

  /** The instance logs in {@code <data-dir>/logs}, or none without {@code --data-dir}. */
  private Set<Path> runtimeLogs() throws IOException {
    return options.dataDir() == null
        ? Set.of()
        : new HashSet<>(filesEndingWith(options.dataDir().resolve("logs"), ".log"));
  }

  /** The runtimes started since {@code before} was taken, from their logs. */
  private List<RuntimeTimes> newRuntimeStarts(Set<Path> before) throws IOException {
    List<RuntimeTimes> starts = new ArrayList<>();
    for (Path log : runtimeLogs()) {
      if (!before.contains(log)) {
        RuntimeStartLog.read(log)
            .ifPresent(
                s -> starts.add(new RuntimeTimes(null, s.listeningMillis(), s.readyMillis())));
      }
    }
    return starts;
  }

  private static List<Path> filesEndingWith(Path dir, String suffix) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().endsWith(suffix))
          .toList();
    }
  }

  /** Median, p90, min and max of each step of these endpoints, in the order of the table. */
  static Map<String, Spread> spread(List<EndpointTimes> endpoints) {
    Map<String, Spread> steps = new LinkedHashMap<>();
    steps.put(CREATE_TO_IN_SERVICE, spreadOf(endpoints, EndpointTimes::inService));
    steps.put(CREATE_CALL, spreadOf(endpoints, EndpointTimes::createCall));
    steps.put(CREATE_TO_LAUNCH, spreadOfRuntime(endpoints, RuntimeTimes::launchedAfterCreate));
    steps.put(LAUNCH_TO_LISTENING, spreadOfRuntime(endpoints, RuntimeTimes::listening));
    steps.put(LAUNCH_TO_READY, spreadOfRuntime(endpoints, RuntimeTimes::ready));
    steps.put(
        READY_TO_IN_SERVICE,
        spreadOf(
            endpoints,
            t ->
                t.inService() == null
                        || t.runtime() == null
                        || t.runtime().launchedAfterCreate() == null
                        || t.runtime().ready() == null
                    ? null
                    : t.inService() - t.runtime().launchedAfterCreate() - t.runtime().ready()));
    steps.put(DELETE_TO_GONE, spreadOf(endpoints, EndpointTimes::deleted));
    return steps;
  }

  private static Spread spreadOf(List<EndpointTimes> endpoints, Function<EndpointTimes, Long> f) {
    return Spread.of(endpoints.stream().map(f).filter(Objects::nonNull).toList());
  }

  private static Spread spreadOfRuntime(
      List<EndpointTimes> endpoints, Function<RuntimeTimes, Long> f) {
    return Spread.of(
        endpoints.stream()
            .map(EndpointTimes::runtime)
            .filter(Objects::nonNull)
            .map(f)
            .filter(Objects::nonNull)
            .toList());
  }

  /** The tables printed at the end of a run. */
  static String render(Result result) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%n== Time to InService, local orchestrator, %d cores shared by Berth, its runtimes"
                + " and the benchmark; ms%n",
            result.cores()));
    String header =
        String.format(
            Locale.ROOT, "%-44s %3s %7s %7s %7s %7s%n", "step", "n", "median", "p90", "min", "max");
    out.append(
        String.format(
            Locale.ROOT, "%nOne at a time (%d endpoints):%n", result.sequential().size()));
    out.append(header);
    result.sequentialSpread().forEach((step, spread) -> out.append(row(step, spread)));
    if (!result.concurrent().isEmpty()) {
      out.append(
          String.format(Locale.ROOT, "%nAt once (%d endpoints):%n", result.concurrent().size()));
      out.append(header);
      result.concurrentSpread().forEach((step, spread) -> out.append(row(step, spread)));
      out.append(
          String.format(
              Locale.ROOT,
              "%-44s %3d %7s%n",
              ALL_IN_SERVICE,
              result.concurrent().size(),
              result.concurrentAllMillis() == null ? "-" : result.concurrentAllMillis()));
      out.append("each, in ms: ");
      out.append(
          String.join(
              " ",
              result.concurrent().stream()
                  .map(t -> t.inService() == null ? "failed" : t.inService().toString())
                  .toList()));
      out.append(System.lineSeparator());
    }
    if (!result.warmup().isEmpty()) {
      out.append(
          String.format(
              Locale.ROOT,
              "%nNot counted: the first endpoint (it fills the artifact cache): %s ms%n",
              result.warmup().get(0).inService() == null
                  ? "failed"
                  : result.warmup().get(0).inService()));
    }
    Spread headline = result.sequentialSpread().get(CREATE_TO_IN_SERVICE);
    out.append(
        String.format(
            Locale.ROOT,
            "%nTarget: median CreateEndpoint → InService ≤ %d ms (one at a time): %s, median %d"
                + " ms%n",
            result.targetMedianMillis(),
            result.targetMet() ? "MET" : "NOT MET",
            headline.median()));
    return out.toString();
  }

  private static String row(String step, Spread spread) {
    if (spread.count() == 0) {
      return String.format(Locale.ROOT, "%-44s %3d %7s %7s %7s %7s%n", step, 0, "-", "-", "-", "-");
    }
    return String.format(
        Locale.ROOT,
        "%-44s %3d %7d %7d %7d %7d%n",
        step,
        spread.count(),
        spread.median(),
        spread.p90(),
        spread.min(),
        spread.max());
  }

  /** Writes the benchmark's MLP as {@code model.tar.gz} in {@code work}; returns its file URL. */
  static String writeModel(Path work) throws IOException {
    Path onnx =
        MlpOnnx.write(
            work.resolve("mlp").resolve("model.onnx"),
            MlpOnnx.BENCHMARK_WIDTHS,
            MlpOnnx.BENCHMARK_SEED);
    Path archive = work.resolve("model.tar.gz");
    try (OutputStream file = Files.newOutputStream(archive);
        GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(file);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
      TarArchiveEntry entry = new TarArchiveEntry("model.onnx");
      entry.setSize(Files.size(onnx));
      tar.putArchiveEntry(entry);
      Files.copy(onnx, tar);
      tar.closeArchiveEntry();
    }
    return archive.toAbsolutePath().toUri().toString();
  }

  private static long millisSince(long start) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  private static void log(String format, Object... args) {
    System.err.println(String.format(Locale.ROOT, format, args));
  }
}
