package dev.berth.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.berth.runtime.codec.Npy;
import dev.berth.runtime.codec.Tensor;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * The model runtime benchmark (issue 3; benchmarks/README.md): for the MLP 256→1024→1024→10 and
 * ResNet-18 in ONNX, side by side in one run,
 *
 * <ul>
 *   <li>the raw engine: a DJL ONNX Runtime predictor called in-process with whole batches, the
 *       ceiling ({@link EngineTarget});
 *   <li>the Berth runtime over HTTP with batching ({@code batch_size} 32, {@code max_batch_delay} 5
 *       ms by default), in a JVM of its own ({@link RuntimeServerProcess});
 *   <li>the same runtime with {@code batch_size} 1, one forward pass per request: the naive server,
 *       the floor.
 * </ul>
 *
 * <p>The served runs use the generator of the control-plane benchmark: a closed loop of {@code
 * --clients} keep-alive connections for the peak, and an open loop at one fixed rate for both
 * servers, whose latency counts from each request's intended send time (coordinated omission
 * corrected). Requests are {@code application/x-npy}, one instance each. The MLP's two peaks are
 * then taken again in turn, both servers running ({@code --turns}), and ResNet-18's single requests
 * take turns with the raw engine's. The targets of {@link RuntimeTargets} are judged at the end.
 *
 * <p>Usage: {@code java -cp berth-bench.jar dev.berth.benchmarks.RuntimeBench --output r.json};
 * {@code benchmarks/runtime.sh} runs it with the settings of the README.
 */
public final class RuntimeBench {
  static final String MLP = "MLP";
  static final String RESNET = "ResNet-18";

  /** Single requests a target sends per turn in the ResNet-18 comparison. */
  private static final int SINGLES_PER_TURN = 5;

  /** Idle time before each turn, for the last target's engine threads to stop spinning. */
  private static final Duration SINGLES_PAUSE = Duration.ofMillis(100);

  /** Idle time between an answer and the next single request, alike for every path. */
  private static final Duration SINGLES_THINK_TIME = Duration.ofMillis(10);

  /** Each slice of the MLP peaks in turn: unmeasured ramp, then measured part. */
  private static final Duration TURN_RAMP = Duration.ofSeconds(2);

  private static final Duration TURN_SLICE = Duration.ofSeconds(4);

  static final String RAW = "raw engine";
  static final String BATCHED = "Berth batched";
  static final String NAIVE = "Berth naive";

  private static final String MORE_NAIVE = "mlp-naive-peak" + RuntimeTargets.MORE_CLIENTS;
  private static final String MORE_BATCHED = "mlp-batched-peak" + RuntimeTargets.MORE_CLIENTS;
  private static final String MORE_RAW = "mlp-raw-same" + RuntimeTargets.MORE_CLIENTS;
  private static final long[] MLP_ROW = {MlpOnnx.BENCHMARK_WIDTHS[0]};
  static final long[] RESNET_ROW = {3, 224, 224};
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final RuntimeBenchOptions options;
  private final Path work;
  private final Map<String, RuntimeRun> runs = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();

  private RuntimeBench(RuntimeBenchOptions options, Path work) {
    this.options = options;
    this.work = work;
  }

  public static void main(String[] args) {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      System.out.print(RuntimeBenchOptions.USAGE);
      return;
    }
    RuntimeBenchOptions options;
    try {
      options = RuntimeBenchOptions.parse(args);
    } catch (BenchOptions.UsageException e) {
      System.err.println("runtime-bench: " + e.getMessage() + " (see --help)");
      System.exit(2);
      return;
    }
    try {
      Path work =
          options.workDir() != null
              ? Files.createDirectories(options.workDir())
              : Files.createTempDirectory("berth-runtime-bench");
      engineOffline(work.resolve(".djl"));
      new RuntimeBench(options, work).run();
      System.exit(0);
    } catch (Exception e) {
      System.err.println("runtime-bench: " + e);
      e.printStackTrace();
      System.exit(1);
    }
  }

  /**
   * DJL settings of a benchmark process, as the runtime applies them: nothing downloaded, no
   * PyTorch behind ONNX Runtime, caches under {@code cache}. Values already set win.
   */
  static void engineOffline(Path cache) {
    setIfAbsent("ai.djl.offline", "true");
    setIfAbsent("ai.djl.onnx.disable_alternative", "true");
    setIfAbsent("DJL_CACHE_DIR", cache.toString());
    setIfAbsent("ENGINE_CACHE_DIR", cache.resolve("engines").toString());
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null && System.getenv(key) == null) {
      System.setProperty(key, value);
    }
  }

  private void run() throws Exception {
    System.err.printf(
        Locale.ROOT,
        "Model runtime benchmark in %s: %d cores, %s, warmup %d s + measured %d s per run,"
            + " %d clients, batched server batch_size %d, max_batch_delay %d ms,"
            + " server intra-op threads %s%n",
        work,
        MachineCpu.cores(),
        placement(),
        options.warmup().toSeconds(),
        options.duration().toSeconds(),
        options.clients(),
        options.batchSize(),
        options.maxBatchDelayMillis(),
        options.serverIntraOpThreads() > 0
            ? Integer.toString(options.serverIntraOpThreads())
            : "the runtime's default (one per core)");
    Path mlp =
        MlpOnnx.write(work.resolve("mlp.onnx"), MlpOnnx.BENCHMARK_WIDTHS, MlpOnnx.BENCHMARK_SEED);
    if (options.models().contains("mlp")) {
      benchMlp(mlp);
    }
    if (!options.models().contains("resnet")) {
      notes.add("ResNet-18 not run (--models " + String.join(",", options.models()) + ").");
    } else if (Files.isRegularFile(options.resnet())) {
      benchResnet(options.resnet());
    } else {
      String skipped =
          "ResNet-18 skipped: no "
              + options.resnet()
              + "; export it with `python3 benchmarks/models/export-resnet18.py`"
              + " (needs torch, torchvision and onnx).";
      System.err.println(skipped);
      notes.add(skipped);
    }
    report();
  }

  private void benchMlp(Path model) throws Exception {
    try (EngineTarget raw = EngineTarget.load(model, MLP_ROW, options.engineThreads())) {
      rawRun("mlp-raw-32", MLP, raw, MLP_ROW, options.batchSize());
      rawRun("mlp-raw-1", MLP, raw, MLP_ROW, 1);
    }
    LoadRequest request = npyRequest(MLP_ROW);
    Double meanBatch;
    Double meanBatchMore = null;
    // Both servers run from here on, so that their peaks can also be taken in turn; an idle
    // server sleeps (its engine threads do not spin) and takes nothing from the other's run.
    try (RuntimeServerProcess naive = server("mlp-naive", model, 1, options.port());
        RuntimeServerProcess batched =
            server("mlp-batched", model, options.batchSize(), options.port() + 2)) {
      RuntimeRun naivePeak =
          served("mlp-naive-peak", MLP, NAIVE, naive, request, options.clients(), 0);
      double rate =
          options.rate() > 0
              ? options.rate()
              : Math.max(10, Math.floor(0.8 * naivePeak.inferencesPerSecond() / 10) * 10);
      served("mlp-naive-open", MLP, NAIVE, naive, request, options.clients(), rate);
      if (options.moreClients() > 0) {
        served(MORE_NAIVE, MLP, NAIVE, naive, request, options.moreClients(), 0);
      }
      RuntimeRun peak =
          served("mlp-batched-peak", MLP, BATCHED, batched, request, options.clients(), 0);
      meanBatch = peak.meanBatchSize();
      served("mlp-batched-open", MLP, BATCHED, batched, request, options.clients(), rate);
      served("mlp-batched-open-3x", MLP, BATCHED, batched, request, options.clients(), 3 * rate);
      if (options.moreClients() > 0) {
        meanBatchMore =
            served(MORE_BATCHED, MLP, BATCHED, batched, request, options.moreClients(), 0)
                .meanBatchSize();
      }
      if (options.turns() > 0) {
        peaksInTurn(
            request,
            new TurnLeg(RuntimeTargets.NAIVE_TURNS, NAIVE, naive),
            new TurnLeg(RuntimeTargets.BATCHED_TURNS, BATCHED, batched));
      }
    }
    // The ceiling at the batch size the server actually formed under these clients.
    try (EngineTarget raw = EngineTarget.load(model, MLP_ROW, options.engineThreads())) {
      rawRun("mlp-raw-same", MLP, raw, MLP_ROW, rows(meanBatch));
      if (options.moreClients() > 0) {
        rawRun(MORE_RAW, MLP, raw, MLP_ROW, rows(meanBatchMore));
      }
    }
  }

  /**
   * The MLP's naive and batched peaks again, in {@code --turns} rounds of short slices that take
   * turns (as the data-plane benchmark's peaks do): one-off runs a minute apart can land on
   * different spells of a shared machine, and the 3× verdict sat on that line (2.91–3.48× across
   * one day's default runs).
   */
  private void peaksInTurn(LoadRequest request, TurnLeg... legs)
      throws IOException, InterruptedException {
    int clients = options.clients();
    System.err.printf(
        "%n%s peaks in turn: %d rounds of %d s + %d s per server, %d clients%n",
        MLP, options.turns(), TURN_RAMP.toSeconds(), TURN_SLICE.toSeconds(), clients);
    for (int round = 0; round < options.turns(); round++) {
      for (int i = 0; i < legs.length; i++) {
        TurnLeg leg = legs[(round + i) % legs.length];
        double perSecond = leg.slice(request, clients);
        System.err.printf("  round %d %-13s %,8.0f/s%n", round + 1, leg.path, perSecond);
      }
    }
    for (TurnLeg leg : legs) {
      add(leg.run(clients));
    }
  }

  /** One server's share of {@link #peaksInTurn}: its slices' answers and what they cost. */
  private final class TurnLeg {
    private final String key;
    private final String path;
    private final RuntimeServerProcess server;
    private final Measurement measured = new Measurement();
    private RuntimeServerProcess.BatchTotals first;
    private long wallNanos;
    private long serverNanos;
    private long generatorNanos;
    private double otherCoreNanos;
    private boolean otherKnown = true;

    TurnLeg(String key, String path, RuntimeServerProcess server) {
      this.key = key;
      this.path = path;
      this.server = server;
    }

    /** One slice: a ramp, then the measured part; returns its rate of good answers. */
    double slice(LoadRequest request, int clients) throws IOException, InterruptedException {
      if (first == null) {
        first = server.batchTotals();
      }
      long cpu = server.cpuNanos();
      long self = ProcessCpu.nanos();
      OtherCpu others = OtherCpu.start(server);
      long start = System.nanoTime();
      Measurement slice;
      try (LoadClient client = LoadClient.connect(server.url(), clients, 1)) {
        slice =
            new ClosedLoopLoad(client, () -> request, clients, TURN_RAMP, TURN_SLICE, line -> {})
                .run();
      }
      long wall = System.nanoTime() - start;
      wallNanos += wall;
      serverNanos += server.cpuNanos() - cpu;
      generatorNanos += ProcessCpu.nanos() - self;
      Double otherCores = others.cores();
      if (otherCores == null) {
        otherKnown = false;
      } else {
        otherCoreNanos += otherCores * wall;
      }
      measured.add(slice);
      return slice.okAnswers() / (TURN_SLICE.toMillis() / 1000.0);
    }

    /** The leg's row: its slices' answers together, batches and CPU over its own slices. */
    RuntimeRun run(int clients) throws IOException, InterruptedException {
      measured.generatorCores(generatorNanos / (double) wallNanos);
      RuntimeServerProcess.BatchTotals after = server.batchTotals();
      LoadResult result =
          LoadResult.of(
              MLP + " " + path + ", peak in turn",
              "POST /invocations " + MLP,
              "closed " + clients + "x1, in turn",
              0,
              clients,
              1,
              TURN_RAMP.multipliedBy(options.turns()),
              TURN_SLICE.multipliedBy(options.turns()),
              measured,
              0,
              0,
              Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
      return RuntimeRun.of(
          key,
          MLP,
          path,
          1,
          after.meanSince(first),
          after.forwardMillisSince(first),
          serverNanos / (double) wallNanos,
          otherKnown ? otherCoreNanos / wallNanos : null,
          result);
    }
  }

  private static int rows(Double meanBatch) {
    return meanBatch == null ? 1 : (int) Math.max(1, Math.round(meanBatch));
  }

  private void benchResnet(Path model) throws Exception {
    LoadRequest request = npyRequest(RESNET_ROW);
    try (EngineTarget raw = EngineTarget.load(model, RESNET_ROW, options.engineThreads());
        RuntimeServerProcess naive = server("resnet-naive", model, 1, options.port());
        RuntimeServerProcess batched =
            server("resnet-batched", model, options.batchSize(), options.port() + 2)) {
      rawRun("resnet-raw-1", RESNET, raw, RESNET_ROW, 1);
      served("resnet-naive-peak", RESNET, NAIVE, naive, request, options.clients(), 0);
      RuntimeRun peak =
          served("resnet-batched-peak", RESNET, BATCHED, batched, request, options.clients(), 0);
      rawRun("resnet-raw-same", RESNET, raw, RESNET_ROW, rows(peak.meanBatchSize()));
      // Last, so that each server has answered a few thousand requests first: at a handful of
      // requests per second the JIT would otherwise still be compiling the request path during
      // the window (measured: 3.8 ms of a single request's time outside the forward pass over the
      // first 200 requests, 1.0 ms after 800). The comparison is of servers in service.
      singlesInTurn(raw, naive, batched, request);
    }
  }

  /**
   * The single-request comparison: the raw engine, the naive and the batched server take turns
   * ({@link AlternatingSingles}), so the machine's slow spells fall on all three alike. Twice the
   * measured time of one run, shared by the three.
   */
  private void singlesInTurn(
      EngineTarget raw,
      RuntimeServerProcess naive,
      RuntimeServerProcess batched,
      LoadRequest request)
      throws Exception {
    System.err.printf(
        "%n%s single requests in turn: raw engine, naive, batched (%d at a time, %d ms apart)%n",
        RESNET, SINGLES_PER_TURN, SINGLES_THINK_TIME.toMillis());
    LoadRequest rawRequest =
        new LoadRequest(
            "/", MultiMap.caseInsensitiveMultiMap(), Buffer.buffer(floats(RESNET_ROW, 1)));
    RuntimeServerProcess.BatchTotals naiveBatches = naive.batchTotals();
    RuntimeServerProcess.BatchTotals batchedBatches = batched.batchTotals();
    try (LoadClient naiveClient = LoadClient.connect(naive.url(), 1, 1);
        LoadClient batchedClient = LoadClient.connect(batched.url(), 1, 1)) {
      List<Measurement> measured =
          new AlternatingSingles(
                  List.of(
                      new AlternatingSingles.Leg(RAW, raw, rawRequest),
                      new AlternatingSingles.Leg(NAIVE, naiveClient, request),
                      new AlternatingSingles.Leg(BATCHED, batchedClient, request)),
                  options.warmup(),
                  singlesWindow(),
                  SINGLES_PER_TURN,
                  SINGLES_PAUSE,
                  SINGLES_THINK_TIME,
                  System.err::println)
              .run();
      add(singleInTurn("resnet-raw-single", RAW, null, null, measured.get(0)));
      add(singleInTurn("resnet-naive-single", NAIVE, naive, naiveBatches, measured.get(1)));
      add(singleInTurn("resnet-batched-single", BATCHED, batched, batchedBatches, measured.get(2)));
    }
  }

  /** The measured window the three paths share when they take turns. */
  private Duration singlesWindow() {
    return options.duration().multipliedBy(2);
  }

  /**
   * One path's row of the single requests in turn; {@code server} and {@code before} are null for
   * the raw engine.
   */
  private RuntimeRun singleInTurn(
      String key,
      String path,
      RuntimeServerProcess server,
      RuntimeServerProcess.BatchTotals before,
      Measurement measured)
      throws IOException, InterruptedException {
    RuntimeServerProcess.BatchTotals after = server == null ? null : server.batchTotals();
    return RuntimeRun.of(
        key,
        RESNET,
        path,
        1,
        after == null ? null : after.meanSince(before),
        after == null ? null : after.forwardMillisSince(before),
        null,
        null,
        result(
            RESNET + " " + path + ", single in turn",
            server == null ? RESNET + " in-process" : "POST /invocations " + RESNET,
            "in turn 1x1",
            0,
            1,
            singlesWindow(),
            measured));
  }

  /**
   * A runtime server on {@code port} ({@code /metrics} on port + 1) serving {@code model} with a
   * {@code serving.properties} of its batching.
   */
  private RuntimeServerProcess server(String name, Path model, int batchSize, int port)
      throws IOException, InterruptedException {
    String properties =
        String.format(
            Locale.ROOT,
            "engine=OnnxRuntime%nbatch_size=%d%nmax_batch_delay=%d%n"
                // Room for every client: an overload shows as latency, not as 503s.
                + "job_queue_size=%d%n%s%s",
            batchSize,
            options.maxBatchDelayMillis(),
            Math.max(1000, 4 * Math.max(options.clients(), options.moreClients())),
            options.serverIntraOpThreads() > 0
                ? String.format(
                    Locale.ROOT, "option.intraOpNumThreads=%d%n", options.serverIntraOpThreads())
                : "",
            options.serverOptions().stream()
                .map(o -> String.format(Locale.ROOT, "option.%s%n", o))
                .collect(Collectors.joining()));
    System.err.printf("%nStarting the runtime for %s (batch_size %d) ...%n", name, batchSize);
    return RuntimeServerProcess.serve(
        work, name, model, properties, port, options.serverJavaOptions(), options.serverCpus());
  }

  /** Where the servers and the generator (with the raw engine) run. */
  private String placement() {
    String generator = CpuSet.pinnedThisProcess();
    if (options.serverCpus() == null && generator == null) {
      return "shared by server, engine and generator";
    }
    return "servers on CPUs "
        + (options.serverCpus() == null ? "any" : options.serverCpus().list())
        + ", generator and raw engine ("
        + options.engineThreads()
        + " threads) on "
        + (generator == null ? "any" : generator);
  }

  /** Back-to-back forward passes of {@code rows} rows each: one caller, as the batcher's worker. */
  private RuntimeRun rawRun(String key, String model, EngineTarget raw, long[] row, int rows) {
    String label = model + " " + RAW + ", batch " + rows;
    System.err.printf("%n%s: closed loop, one caller%n", label);
    LoadRequest request =
        new LoadRequest("/", MultiMap.caseInsensitiveMultiMap(), Buffer.buffer(floats(row, rows)));
    OtherCpu others = OtherCpu.start(null);
    Measurement measured =
        new ClosedLoopLoad(
                raw, () -> request, 1, options.warmup(), options.duration(), System.err::println)
            .run();
    LoadResult result = result(label, model + " in-process", "closed 1x1", 0, 1, measured);
    return add(RuntimeRun.of(key, model, RAW, rows, null, null, null, others.cores(), result));
  }

  /** One served run: closed loop of {@code clients} when {@code rate} is 0, else open loop. */
  private RuntimeRun served(
      String key,
      String model,
      String path,
      RuntimeServerProcess server,
      LoadRequest request,
      int clients,
      double rate)
      throws IOException, InterruptedException {
    String mode =
        rate > 0
            ? String.format(Locale.ROOT, "open %s/s", ResultTable.number(rate))
            : "closed " + clients + "x1";
    String label =
        model
            + " "
            + path
            + (rate > 0
                ? " at " + ResultTable.number(rate) + "/s"
                : clients == 1
                    ? ", single"
                    : clients == options.clients() ? ", peak" : ", peak " + clients + " clients");
    System.err.printf("%n%s: %s, %d connections%n", label, mode, clients);
    RuntimeServerProcess.BatchTotals batches = server.batchTotals();
    long cpu = server.cpuNanos();
    OtherCpu others = OtherCpu.start(server);
    long start = System.nanoTime();
    Measurement measured;
    try (LoadClient client = LoadClient.connect(server.url(), clients, 1)) {
      LoadRun run =
          rate > 0
              ? new OpenLoopLoad(
                  client,
                  () -> request,
                  rate,
                  options.warmup(),
                  options.duration(),
                  System.err::println)
              : new ClosedLoopLoad(
                  client,
                  () -> request,
                  clients,
                  options.warmup(),
                  options.duration(),
                  System.err::println);
      measured = run.run();
    }
    double serverCores = (server.cpuNanos() - cpu) / (double) (System.nanoTime() - start);
    RuntimeServerProcess.BatchTotals after = server.batchTotals();
    LoadResult result = result(label, "POST /invocations " + model, mode, rate, clients, measured);
    return add(
        RuntimeRun.of(
            key,
            model,
            path,
            1,
            after.meanSince(batches),
            after.forwardMillisSince(batches),
            serverCores,
            others.cores(),
            result));
  }

  private LoadResult result(
      String label, String operation, String mode, double rate, int clients, Measurement m) {
    return result(label, operation, mode, rate, clients, options.duration(), m);
  }

  private LoadResult result(
      String label,
      String operation,
      String mode,
      double rate,
      int clients,
      Duration measured,
      Measurement m) {
    return LoadResult.of(
        label,
        operation,
        mode,
        rate,
        clients,
        1,
        options.warmup(),
        measured,
        m,
        0,
        0,
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
  }

  private RuntimeRun add(RuntimeRun run) {
    runs.put(run.key(), run);
    System.err.print(ResultTable.render(List.of(run.result())));
    return run;
  }

  private void report() throws IOException {
    List<RuntimeTargets.Verdict> verdicts = RuntimeTargets.judge(runs);
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%n== Model runtime benchmark, %d cores, %s;"
                + " per run warmup %d s, measured %d s; %d clients (MLP also %d);"
                + " batched = batch_size %d, max_batch_delay %d ms; naive = batch_size 1;"
                + " server intra-op threads %s%s%n",
            MachineCpu.cores(),
            placement(),
            options.warmup().toSeconds(),
            options.duration().toSeconds(),
            options.clients(),
            options.moreClients(),
            options.batchSize(),
            options.maxBatchDelayMillis(),
            options.serverIntraOpThreads() > 0
                ? Integer.toString(options.serverIntraOpThreads())
                : "default",
            options.serverOptions().isEmpty()
                ? ""
                : "; server options " + String.join(",", options.serverOptions())));
    out.append(ResultTable.render(runs.values().stream().map(RuntimeRun::result).toList()));
    out.append(String.format("%n"));
    out.append(RuntimeReport.summary(runs.values()));
    out.append(String.format("%nTargets:%n"));
    for (RuntimeTargets.Verdict v : verdicts) {
      out.append(
          String.format("  %-4s %s: %s%n", v.met() ? "MET" : "MISS", v.target(), v.measured()));
    }
    notes.forEach(note -> out.append(note).append(String.format("%n")));
    System.out.print(out);
    if (options.output() != null) {
      Path parent = options.output().toAbsolutePath().getParent();
      Files.createDirectories(parent);
      JSON.writeValue(
          options.output().toFile(),
          new RuntimeReport(
              Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
              MachineCpu.cores(),
              placement(),
              System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
              options.batchSize(),
              options.maxBatchDelayMillis(),
              options.clients(),
              List.copyOf(runs.values()),
              verdicts,
              List.copyOf(notes)));
      System.out.println("JSON report: " + options.output());
    }
  }

  /** What the machine's other processes took while a run went on: all but server and us. */
  private record OtherCpu(
      long machine, long self, long server, long wall, RuntimeServerProcess of) {
    static OtherCpu start(RuntimeServerProcess server) {
      return new OtherCpu(
          MachineCpu.busyNanos(),
          ProcessCpu.nanos(),
          server == null ? 0 : server.cpuNanos(),
          System.nanoTime(),
          server);
    }

    Double cores() {
      long machineNow = MachineCpu.busyNanos();
      if (machine < 0 || machineNow < 0) {
        return null;
      }
      long busy = machineNow - machine;
      long ours = ProcessCpu.nanos() - self + (of == null ? 0 : of.cpuNanos() - server);
      return Math.max(0, busy - ours) / (double) (System.nanoTime() - wall);
    }
  }

  /** One {@code .npy} request of a single instance of random values (fixed seed). */
  static LoadRequest npyRequest(long[] row) {
    long[] shape = new long[row.length + 1];
    shape[0] = 1;
    System.arraycopy(row, 0, shape, 1, row.length);
    ByteBuffer values = ByteBuffer.wrap(floats(row, 1)).order(ByteOrder.LITTLE_ENDIAN);
    float[] data = new float[values.remaining() / 4];
    values.asFloatBuffer().get(data);
    byte[] body = Npy.write(Tensor.ofFloats("input", shape, data), shape);
    MultiMap headers =
        MultiMap.caseInsensitiveMultiMap()
            .add("Content-Type", "application/x-npy")
            .add("Accept", "application/x-npy");
    return new LoadRequest("/invocations", headers, Buffer.buffer(body));
  }

  /** {@code rows} rows of {@code row}'s shape, random in [0, 1), little-endian float32. */
  private static byte[] floats(long[] row, int rows) {
    long count = rows;
    for (long dim : row) {
      count *= dim;
    }
    SplittableRandom random = new SplittableRandom(7);
    ByteBuffer bytes = ByteBuffer.allocate((int) count * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (long i = 0; i < count; i++) {
      bytes.putFloat((float) random.nextDouble());
    }
    return bytes.array();
  }
}
