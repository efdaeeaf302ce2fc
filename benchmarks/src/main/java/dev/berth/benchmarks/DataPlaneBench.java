package dev.berth.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.berth.awswire.sigv4.SigV4Signer;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The data-plane benchmark (issue 5; benchmarks/README.md): one signed InvokeEndpoint request,
 * replayed by the project's generator on the same machine to
 *
 * <ul>
 *   <li>the echo backend directly ({@link EchoBackend}, {@code POST /invocations}): the floor;
 *   <li>Berth's data plane ({@link DataPlaneBenchServer}: SigV4, the route table, the pooled
 *       proxy), {@code POST /endpoints/bench-echo/invocations};
 *   <li>nginx as a keep-alive reverse proxy to the same backend ({@link NginxProxy}), when given.
 * </ul>
 *
 * <p>Each target's peak is measured in a closed loop; then each one is driven in an open loop at
 * one rate, half of Berth's peak, with latency from each request's intended send time. A proxy's
 * added latency is its percentile less the direct run's at the same rate. For Berth, the data-plane
 * JVM reports its event loops' allocation and its collections over each run. The targets of {@link
 * DataPlaneTargets} are judged at the end.
 *
 * <p>Usage: {@code java -cp berth-bench.jar dev.berth.benchmarks.DataPlaneBench --nginx
 * /usr/sbin/nginx --output dp.json}; {@code benchmarks/data-plane.sh} runs it with the README's
 * settings.
 */
public final class DataPlaneBench {
  static final String DIRECT = "direct";
  static final String BERTH = "Berth";
  static final String NGINX = "nginx";

  /** The unmeasured start of each target's turn: connections made, the loop at its pace. */
  private static final Duration TURN_RAMP = Duration.ofSeconds(1);

  /** The measured part of each target's turn. */
  private static final Duration TURN_SLICE = Duration.ofSeconds(3);

  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  /** Re-sign well inside the data plane's 5-minute clock-skew window. */
  private static final long RESIGN_NANOS = 60_000_000_000L;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final DataPlaneBenchOptions options;
  private final Path work;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private final Map<String, DataPlaneRun> runs = new LinkedHashMap<>();
  private final List<String> notes = new ArrayList<>();
  private final List<BenchProcess> started = new ArrayList<>();
  private BenchProcess echo;
  private BenchProcess server;
  private BenchProcess nginx;
  private SignedInvocation invocation;

  private DataPlaneBench(DataPlaneBenchOptions options, Path work) {
    this.options = options;
    this.work = work;
  }

  public static void main(String[] args) {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      System.out.print(DataPlaneBenchOptions.USAGE);
      return;
    }
    DataPlaneBenchOptions options;
    try {
      options = DataPlaneBenchOptions.parse(args);
    } catch (BenchOptions.UsageException e) {
      System.err.println("data-plane-bench: " + e.getMessage() + " (see --help)");
      System.exit(2);
      return;
    }
    DataPlaneBench bench = null;
    try {
      Path work =
          options.workDir() != null
              ? Files.createDirectories(options.workDir())
              : Files.createTempDirectory("berth-data-plane-bench");
      bench = new DataPlaneBench(options, work);
      bench.run();
      bench.stopAll();
      System.exit(0);
    } catch (Exception e) {
      System.err.println("data-plane-bench: " + e);
      e.printStackTrace();
      if (bench != null) {
        bench.stopAll();
      }
      System.exit(1);
    }
  }

  private void run() throws Exception {
    int port = options.port();
    int threads = options.eventLoopThreads();
    System.err.printf(
        Locale.ROOT,
        "Data-plane benchmark in %s: %d cores, %s, warmup %d s + measured %d s per run,"
            + " %d connections, %d event loops (nginx workers), %d-byte body%n",
        work,
        MachineCpu.cores(),
        placement(),
        options.warmup().toSeconds(),
        options.duration().toSeconds(),
        options.connections(),
        threads,
        options.bodyBytes());
    String backend = "127.0.0.1:" + port;
    echo =
        keep(
            BenchProcess.java(
                "echo backend",
                EchoBackend.class,
                options.backendJavaOptions(),
                List.of("--port", Integer.toString(port), "--threads", Integer.toString(threads)),
                options.backendCpus(),
                work.resolve("echo.log")));
    echo.awaitReady(() -> get("http://" + backend + "/ping").statusCode() == 200, START_TIMEOUT);

    List<String> serverJava = new ArrayList<>(options.serverJavaOptions());
    if (serverJava.stream().noneMatch(o -> o.startsWith("-Xlog"))) {
      serverJava.add("-Xlog:gc:file=" + work.resolve("data-plane-gc.log"));
    }
    System.err.println("Starting PostgreSQL, the control plane for setup, and the data plane ...");
    server =
        keep(
            BenchProcess.java(
                "data plane",
                DataPlaneBenchServer.class,
                serverJava,
                List.of(
                    "--data-dir",
                    work.resolve("data").toString(),
                    "--port",
                    Integer.toString(port + 1),
                    "--stats-port",
                    Integer.toString(port + 3),
                    "--backend",
                    backend,
                    "--event-loop-threads",
                    Integer.toString(threads)),
                options.proxyCpus(),
                work.resolve("data-plane.log")));
    String statsUrl = "http://127.0.0.1:" + (port + 3);
    server.awaitReady(() -> get(statsUrl + "/setup").statusCode() == 200, START_TIMEOUT);
    JsonNode setup = JSON.readTree(get(statsUrl + "/setup").body());
    String path = "/endpoints/" + setup.get("endpointName").asText() + "/invocations";
    invocation =
        new SignedInvocation(
            new SigV4Signer(
                "sagemaker",
                setup.get("region").asText(),
                setup.get("accessKeyId").asText(),
                setup.get("secretAccessKey").asText()),
            "127.0.0.1:" + (port + 1),
            path,
            body(options.bodyBytes()));

    if (options.nginx() != null) {
      nginx =
          keep(
              NginxProxy.start(
                  options.nginx(),
                  work.resolve("nginx"),
                  port + 2,
                  backend,
                  threads,
                  options.proxyCpus()));
      nginx.awaitReady(() -> post("http://127.0.0.1:" + (port + 2) + path) == 200, START_TIMEOUT);
    } else {
      notes.add("nginx not installed: apt-get install nginx (its runs were skipped)");
    }
    Files.writeString(
        work.resolve("pids"),
        String.join(" ", started.stream().map(p -> Long.toString(p.pid())).toList()));

    Map<String, String> targets = new LinkedHashMap<>();
    targets.put(DIRECT, "http://" + backend + "/invocations");
    targets.put(BERTH, "http://127.0.0.1:" + (port + 1) + path);
    if (nginx != null) {
      targets.put(NGINX, "http://127.0.0.1:" + (port + 2) + path);
    }
    for (Map.Entry<String, String> t : targets.entrySet()) {
      check(t.getKey(), t.getValue());
    }

    for (Map.Entry<String, String> t : targets.entrySet()) {
      measure(t.getKey(), URI.create(t.getValue()), 0, null);
    }
    if (options.turns() > 0) {
      peaksInTurn(targets);
    }
    double rate =
        options.rate() > 0
            ? options.rate()
            : Math.max(
                100, Math.floor(runs.get("berth-peak").result().okPerSecond() / 2 / 100) * 100);
    DataPlaneRun direct = null;
    for (Map.Entry<String, String> t : targets.entrySet()) {
      DataPlaneRun r = measure(t.getKey(), URI.create(t.getValue()), rate, direct);
      if (direct == null) {
        direct = r;
      }
    }
    report(rate);
  }

  /** One request to {@code url} must come back 200 with the body it sent. */
  private void check(String target, String url) throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofByteArray(invocation.body.getBytes()));
    invocation.headers().forEach(h -> request.header(h.getKey(), h.getValue()));
    HttpResponse<byte[]> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200
        || !Arrays.equals(response.body(), invocation.body.getBytes())) {
      throw new IOException(
          target
              + " did not echo the request: "
              + response.statusCode()
              + " "
              + response.headers().map()
              + " "
              + new String(response.body(), StandardCharsets.UTF_8));
    }
  }

  /**
   * The peaks again, the targets taking turns: each round gives every target a closed loop of
   * {@link #TURN_RAMP} unmeasured and {@link #TURN_SLICE} measured, each round starting one target
   * further on. On this shared machine one target's peak varied by half from second to second
   * (6,500 to 12,100/s), so peaks measured one after the other compare spells of the machine as
   * much as proxies; in turn, the targets share them.
   */
  private void peaksInTurn(Map<String, String> targets) throws IOException, InterruptedException {
    List<String> names = List.copyOf(targets.keySet());
    Map<String, Measurement> measured = new LinkedHashMap<>();
    Map<String, TurnCpu> cpu = new LinkedHashMap<>();
    int connections = options.connections();
    System.err.printf(
        "%nPeaks in turn: %d rounds of %d s + %d s per target, %d connections%n",
        options.turns(), TURN_RAMP.toSeconds(), TURN_SLICE.toSeconds(), connections);
    for (int round = 0; round < options.turns(); round++) {
      for (int i = 0; i < names.size(); i++) {
        String name = names.get((round + i) % names.size());
        URI url = URI.create(targets.get(name));
        String uri = url.getRawPath();
        BenchProcess proxy = proxyOf(name);
        CpuSnapshot before = new CpuSnapshot();
        Measurement slice;
        try (LoadClient client = LoadClient.connect(url, connections, 1)) {
          slice =
              new ClosedLoopLoad(
                      client,
                      () -> invocation.request(uri),
                      connections,
                      TURN_RAMP,
                      TURN_SLICE,
                      line -> {})
                  .run();
        }
        cpu.computeIfAbsent(name, k -> new TurnCpu()).add(before, proxy);
        measured.computeIfAbsent(name, k -> new Measurement()).add(slice);
        System.err.printf(
            "  round %d %-6s %,8.0f/s%n",
            round + 1, name, slice.okAnswers() / (TURN_SLICE.toMillis() / 1000.0));
      }
    }
    for (String name : names) {
      String mode = "closed " + connections + "x1, in turn";
      TurnCpu turns = cpu.get(name);
      measured.get(name).generatorCores(turns.generatorCores());
      LoadResult result =
          LoadResult.of(
              name + " peak in turn",
              "POST " + URI.create(targets.get(name)).getRawPath(),
              mode,
              0,
              connections,
              1,
              TURN_RAMP.multipliedBy(options.turns()),
              TURN_SLICE.multipliedBy(options.turns()),
              measured.get(name),
              0,
              0,
              Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
      DataPlaneRun run =
          new DataPlaneRun(
              name.toLowerCase(Locale.ROOT) + "-turns",
              name,
              null,
              null,
              proxyOf(name) == null ? null : turns.proxyCores(),
              turns.echoCores(),
              turns.otherCores(),
              measured.get(name).requests(),
              null,
              result);
      runs.put(run.key(), run);
    }
    System.err.print(
        ResultTable.render(
            runs.values().stream()
                .filter(r -> r.key().endsWith("-turns"))
                .map(DataPlaneRun::result)
                .toList()));
  }

  private BenchProcess proxyOf(String target) {
    return target.equals(BERTH) ? server : target.equals(NGINX) ? nginx : null;
  }

  /** Closed loop when {@code rate} is 0, else open loop at {@code rate}. */
  private DataPlaneRun measure(String target, URI url, double rate, DataPlaneRun direct)
      throws IOException, InterruptedException {
    String key = target.toLowerCase(Locale.ROOT) + (rate > 0 ? "-open" : "-peak");
    int connections = options.connections();
    String mode =
        rate > 0
            ? String.format(Locale.ROOT, "open %s/s", ResultTable.number(rate))
            : "closed " + connections + "x1";
    String label = target + (rate > 0 ? " at " + ResultTable.number(rate) + "/s" : " peak");
    System.err.printf("%n%s: %s, %d connections, %s%n", label, mode, connections, url);
    BenchProcess proxy = proxyOf(target);
    String statsUrl = "http://127.0.0.1:" + (options.port() + 3) + "/stats";
    DataPlaneServerStats before = target.equals(BERTH) ? stats(statsUrl) : null;
    CpuSnapshot cpu = new CpuSnapshot();
    long[] sent = {0};
    String uri = url.getRawPath();
    LoadRequest.Source source =
        () -> {
          sent[0]++;
          return invocation.request(uri);
        };
    Measurement measured;
    try (LoadClient client = LoadClient.connect(url, connections, 1)) {
      LoadRun load =
          rate > 0
              ? new OpenLoopLoad(
                  client, source, rate, options.warmup(), options.duration(), System.err::println)
              : new ClosedLoopLoad(
                  client,
                  source,
                  connections,
                  options.warmup(),
                  options.duration(),
                  System.err::println);
      measured = load.run();
    }
    long wall = System.nanoTime() - cpu.wall;
    LoadResult result =
        LoadResult.of(
            label,
            "POST " + uri,
            mode,
            rate,
            connections,
            1,
            options.warmup(),
            options.duration(),
            measured,
            0,
            0,
            Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    DataPlaneRun.DataPlaneCost cost =
        before == null
            ? null
            : DataPlaneRun.DataPlaneCost.of(
                stats(statsUrl).since(before), sent[0], wall, result.latencyMillis().p50());
    Double addedP50 = null;
    Double addedP99 = null;
    if (direct != null) {
      addedP50 = result.latencyMillis().p50() - direct.result().latencyMillis().p50();
      addedP99 = result.latencyMillis().p99() - direct.result().latencyMillis().p99();
    }
    DataPlaneRun run =
        new DataPlaneRun(
            key,
            target,
            addedP50,
            addedP99,
            proxy == null ? null : cpu.cores(proxy),
            cpu.cores(echo),
            cpu.otherCores(),
            sent[0],
            cost,
            result);
    runs.put(key, run);
    System.err.print(ResultTable.render(List.of(result)));
    return run;
  }

  private void report(double rate) throws IOException {
    List<DataPlaneTargets.Verdict> verdicts = DataPlaneTargets.judge(runs);
    DataPlaneReport report =
        new DataPlaneReport(
            Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
            MachineCpu.cores(),
            placement(),
            System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
            options.connections(),
            options.eventLoopThreads(),
            options.bodyBytes(),
            rate,
            List.copyOf(runs.values()),
            verdicts,
            List.copyOf(notes));
    System.out.print(report.render(options.warmup(), options.duration()));
    if (options.output() != null) {
      Path parent = options.output().toAbsolutePath().getParent();
      Files.createDirectories(parent);
      JSON.writeValue(options.output().toFile(), report);
      System.out.println("JSON report: " + options.output());
    }
  }

  /** Where the three parties run: the cores they share, or the CPUs each was pinned to. */
  private String placement() {
    String generator = CpuSet.pinnedThisProcess();
    if (options.proxyCpus() == null && options.backendCpus() == null && generator == null) {
      return "shared by generator, proxy and echo backend";
    }
    return "generator on CPUs "
        + (generator == null ? "any" : generator)
        + ", proxies on "
        + (options.proxyCpus() == null ? "any" : options.proxyCpus().list())
        + ", echo backend on "
        + (options.backendCpus() == null ? "any" : options.backendCpus().list());
  }

  private BenchProcess keep(BenchProcess process) {
    started.add(process);
    return process;
  }

  private void stopAll() {
    // nginx first, then the data plane, then the backend they both call.
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).close();
    }
  }

  private HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private int post(String url) throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/json")
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private DataPlaneServerStats stats(String url) throws IOException, InterruptedException {
    return JSON.readValue(get(url).body(), DataPlaneServerStats.class);
  }

  /** A JSON body of exactly {@code bytes} bytes: {@code {"inputs":"xxxx…"}}. */
  static Buffer body(int bytes) {
    String open = "{\"inputs\":\"";
    String close = "\"}";
    int fill = Math.max(0, bytes - open.length() - close.length());
    return Buffer.buffer(open + "x".repeat(fill) + close);
  }

  /** The CPU of the machine and of every process the benchmark started, at one moment. */
  private final class CpuSnapshot {
    final long wall = System.nanoTime();
    final long machine = MachineCpu.busyNanos();
    final long self = ProcessCpu.nanos();
    final Map<BenchProcess, Long> processes = new LinkedHashMap<>();

    CpuSnapshot() {
      for (BenchProcess p : started) {
        processes.put(p, p.cpuNanos());
      }
    }

    double cores(BenchProcess p) {
      return (p.cpuNanos() - processes.get(p)) / (double) (System.nanoTime() - wall);
    }

    Double otherCores() {
      long machineNow = MachineCpu.busyNanos();
      if (machine < 0 || machineNow < 0) {
        return null;
      }
      long ours = ProcessCpu.nanos() - self;
      for (Map.Entry<BenchProcess, Long> p : processes.entrySet()) {
        ours += p.getKey().cpuNanos() - p.getValue();
      }
      return Math.max(0, machineNow - machine - ours) / (double) (System.nanoTime() - wall);
    }
  }

  /** One target's CPU over all its turns, in nanoseconds, read back as cores. */
  private final class TurnCpu {
    private long wall;
    private long proxy;
    private long others;
    private long generator;
    private long echoBackend;

    /** Adds the turn that began at {@code before} and ends now. */
    void add(CpuSnapshot before, BenchProcess proxyProcess) {
      long turn = System.nanoTime() - before.wall;
      Double otherCores = before.otherCores();
      wall += turn;
      proxy += proxyProcess == null ? 0 : (long) (before.cores(proxyProcess) * turn);
      others += otherCores == null ? 0 : (long) (otherCores * turn);
      generator += ProcessCpu.nanos() - before.self;
      echoBackend += (long) (before.cores(echo) * turn);
    }

    double proxyCores() {
      return proxy / (double) wall;
    }

    double otherCores() {
      return others / (double) wall;
    }

    double generatorCores() {
      return generator / (double) wall;
    }

    double echoCores() {
      return echoBackend / (double) wall;
    }
  }

  /**
   * The one InvokeEndpoint request every target gets: signed for Berth's data plane (the echo
   * backend and nginx ignore the signature), re-signed once a minute so that a long run stays
   * inside the 5-minute clock-skew window.
   */
  static final class SignedInvocation {
    private final SigV4Signer signer;
    private final String host;
    private final String path;
    final Buffer body;
    private MultiMap headers;
    private long signedAt;

    SignedInvocation(SigV4Signer signer, String host, String path, Buffer body) {
      this.signer = signer;
      this.host = host;
      this.path = path;
      this.body = body;
      sign();
    }

    /** The request to send to {@code uri}; called on the generator's event loop. */
    LoadRequest request(String uri) {
      if (System.nanoTime() - signedAt > RESIGN_NANOS) {
        sign();
      }
      return new LoadRequest(uri, headers, body);
    }

    MultiMap headers() {
      return headers;
    }

    private void sign() {
      Map<String, String> signed = new LinkedHashMap<>();
      signed.put("host", host);
      signed.put("content-type", "application/json");
      Map<String, String> added =
          signer.sign("POST", path, "", signed, body.getBytes(), Instant.now());
      MultiMap out = MultiMap.caseInsensitiveMultiMap();
      // Vert.x writes Host itself, from the same authority the signature covers.
      out.add("content-type", "application/json");
      added.forEach(out::add);
      headers = out;
      signedAt = System.nanoTime();
    }
  }
}
