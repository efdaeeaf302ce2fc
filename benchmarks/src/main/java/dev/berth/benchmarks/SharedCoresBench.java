package dev.berth.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Two model runtimes on the same cores, both under closed-loop load at once, for each {@code
 * option.allowSpinning} choice in turn: the measurement behind sleeping engine threads wherever
 * runtimes share cores (multi-model mode, the local orchestrator's instances; {@code SpinChoice}).
 * A single runtime with spinning threads answers a lone ResNet-18 request faster; this shows what
 * the same threads cost a neighbour.
 *
 * <p>Usage: {@code java -cp berth-bench.jar dev.berth.benchmarks.SharedCoresBench}; {@code
 * benchmarks/runtime-shared.sh} runs it.
 */
public final class SharedCoresBench {
  private final SharedCoresBenchOptions options;
  private final Path work;
  private final Map<String, List<Double>> totals = new LinkedHashMap<>();

  private SharedCoresBench(SharedCoresBenchOptions options, Path work) {
    this.options = options;
    this.work = work;
  }

  public static void main(String[] args) {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      System.out.print(SharedCoresBenchOptions.USAGE);
      return;
    }
    SharedCoresBenchOptions options;
    try {
      options = SharedCoresBenchOptions.parse(args);
    } catch (BenchOptions.UsageException e) {
      System.err.println("runtime-shared-bench: " + e.getMessage() + " (see --help)");
      System.exit(2);
      return;
    }
    try {
      if (!Files.isRegularFile(options.model())) {
        System.err.println(
            "runtime-shared-bench: no "
                + options.model()
                + "; export it with `python3 benchmarks/models/export-resnet18.py`");
        System.exit(2);
      }
      Path work =
          options.workDir() != null
              ? Files.createDirectories(options.workDir())
              : Files.createTempDirectory("berth-runtime-shared-bench");
      RuntimeBench.engineOffline(work.resolve(".djl"));
      new SharedCoresBench(options, work).run();
      System.exit(0);
    } catch (Exception e) {
      System.err.println("runtime-shared-bench: " + e);
      e.printStackTrace();
      System.exit(1);
    }
  }

  private void run() throws Exception {
    System.err.printf(
        Locale.ROOT,
        "Two runtimes sharing %d cores, %d clients each, %d s + %d s per round, choices %s%n",
        Runtime.getRuntime().availableProcessors(),
        options.clients(),
        options.warmup().toSeconds(),
        options.duration().toSeconds(),
        String.join(",", options.choices()));
    LoadRequest request = RuntimeBench.npyRequest(RuntimeBench.RESNET_ROW);
    List<String> choices = options.choices();
    for (int round = 0; round < options.rounds(); round++) {
      for (int i = 0; i < choices.size(); i++) {
        // Alternate the order, so that no choice always follows the other.
        int at = round % 2 == 0 ? i : choices.size() - 1 - i;
        String choice = choices.get(at);
        totals.computeIfAbsent(choice, c -> new ArrayList<>()).add(round(round, choice, request));
      }
    }
    System.out.println();
    System.out.println("allowSpinning  images/s of both runtimes, each round  mean");
    for (Map.Entry<String, List<Double>> t : totals.entrySet()) {
      System.out.printf(
          Locale.ROOT,
          "%-13s  %-36s  %.1f%n",
          t.getKey(),
          String.join(
              " · ",
              t.getValue().stream().map(v -> String.format(Locale.ROOT, "%.1f", v)).toList()),
          t.getValue().stream().mapToDouble(Double::doubleValue).average().orElse(0));
    }
  }

  /** One round of one choice: both runtimes started, loaded at once, stopped; their sum. */
  private double round(int round, String choice, LoadRequest request) throws Exception {
    System.err.printf(
        "%nRound %d, allowSpinning=%s: starting two runtimes ...%n", round + 1, choice);
    List<RuntimeServerProcess> servers = new ArrayList<>();
    ExecutorService loads = Executors.newFixedThreadPool(2);
    try {
      for (int i = 0; i < 2; i++) {
        servers.add(server(round, choice, i));
      }
      List<Future<Measurement>> measured = new ArrayList<>();
      for (RuntimeServerProcess server : servers) {
        measured.add(loads.submit(() -> load(server, request)));
      }
      double total = 0;
      for (int i = 0; i < measured.size(); i++) {
        Measurement m = measured.get(i).get();
        double perSecond = m.okAnswers() / (options.duration().toMillis() / 1000.0);
        total += perSecond;
        System.err.printf(
            Locale.ROOT,
            "  runtime %d: %.1f/s, p50 %.1f ms, p99 %.1f ms, %d errors%n",
            i + 1,
            perSecond,
            m.latency().getValueAtPercentile(50) / 1000.0,
            m.latency().getValueAtPercentile(99) / 1000.0,
            m.errorCount());
      }
      System.err.printf(Locale.ROOT, "  together: %.1f/s%n", total);
      return total;
    } finally {
      loads.shutdownNow();
      for (RuntimeServerProcess server : servers) {
        server.close();
      }
    }
  }

  private Measurement load(RuntimeServerProcess server, LoadRequest request) {
    try (LoadClient client = LoadClient.connect(server.url(), options.clients(), 1)) {
      return new ClosedLoopLoad(
              client,
              () -> request,
              options.clients(),
              options.warmup(),
              options.duration(),
              line -> {})
          .run();
    }
  }

  private RuntimeServerProcess server(int round, String choice, int index)
      throws IOException, InterruptedException {
    String name = "r" + (round + 1) + "-" + choice + "-" + (index + 1);
    return RuntimeServerProcess.serve(
        work,
        name,
        options.model(),
        String.format(
            Locale.ROOT,
            "engine=OnnxRuntime%nbatch_size=1%njob_queue_size=%d%noption.allowSpinning=%s%n",
            Math.max(1000, 4 * options.clients()),
            choice),
        options.port() + 2 * index,
        options.serverJavaOptions(),
        null);
  }
}
