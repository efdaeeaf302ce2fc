package dev.berth.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * {@code berth bench}'s generator against tiny local servers whose latency is known: a fixed delay,
 * a one-off stall, a share of model errors, and a server with a fixed capacity for the sweep.
 */
class InvokeBenchIT {
  private static final Duration NO_WARMUP = Duration.ZERO;

  @TempDir Path dir;
  private Vertx vertx;
  private HttpServer server;
  private final AtomicInteger received = new AtomicInteger();
  private final Map<String, String> firstHeaders = new ConcurrentHashMap<>();

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stopVertx() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void theOpenLoopMeasuresAFixedTwentyMillisecondLatency() throws Exception {
    serve((request, n) -> vertx.setTimer(20, ignored -> request.response().end("{}")));

    InvokeRun run;
    try (InvokeBench bench = bench(64)) {
      run = bench.openLoop("fixed", 200, Duration.ofMillis(500), Duration.ofSeconds(3), line -> {});
    }

    LoadResult r = run.summary();
    assertThat(r.requests()).isEqualTo(600);
    assertThat(r.errors()).isZero();
    // 20 ms on the server, plus up to 1 ms of each side's timer and the loopback round trip.
    assertThat(r.latencyMillis().p50()).isBetween(19.5, 23.0);
    assertThat(r.latencyMillis().p90()).isLessThan(26.0);
    assertThat(firstHeaders)
        .containsEntry("path", "/endpoints/my-endpoint/invocations")
        .containsEntry("content-type", "application/json")
        .containsEntry("accept", "application/json")
        .containsEntry("x-amzn-sagemaker-target-variant", "AllTraffic");
    assertThat(firstHeaders.get("authorization"))
        .startsWith("AWS4-HMAC-SHA256 Credential=AKIDTEST/")
        .contains("/eu-west-1/sagemaker/aws4_request");
  }

  @Test
  void aStallOfHalfASecondShowsInTheOpenLoopAndHidesInTheClosedLoop() throws Exception {
    long[] stalledUntil = {0};
    serve(
        (request, n) -> {
          long now = System.currentTimeMillis();
          if (n == 300) {
            stalledUntil[0] = now + 500;
          }
          if (now < stalledUntil[0]) {
            // The server is stuck: every answer due in the stall leaves when it ends.
            vertx.setTimer(stalledUntil[0] - now, ignored -> request.response().end("{}"));
          } else {
            request.response().end("{}");
          }
        });

    LoadResult open;
    try (InvokeBench bench = bench(64)) {
      open = bench.openLoop("open", 500, NO_WARMUP, Duration.ofSeconds(3), line -> {}).summary();
    }
    // About 250 of the 1,500 requests fell due in the stall; each waited up to 500 ms.
    assertThat(open.latencyMillis().max()).isGreaterThanOrEqualTo(450.0);
    assertThat(open.latencyMillis().p90()).isGreaterThanOrEqualTo(50.0);
    assertThat(open.latencyMillis().p99()).isGreaterThanOrEqualTo(400.0);

    received.set(0);
    stalledUntil[0] = 0;
    LoadResult closed;
    try (InvokeBench bench = bench(1)) {
      closed =
          bench.closedLoop("closed", 1, NO_WARMUP, Duration.ofSeconds(3), line -> {}).summary();
    }
    // One request waits out the stall, and no others are sent meanwhile: coordinated omission.
    assertThat(closed.latencyMillis().max()).isGreaterThanOrEqualTo(450.0);
    assertThat(closed.latencyMillis().p99()).isLessThan(50.0);
  }

  @Test
  void errorsAreCountedByCodeAndByStatus() throws Exception {
    serve(
        (request, n) -> {
          if (n % 10 == 0) {
            request
                .response()
                .setStatusCode(424)
                .putHeader("x-amzn-ErrorType", "ModelError")
                .end("{\"message\":\"boom\"}");
          } else {
            request.response().end("{}");
          }
        });

    InvokeRun run;
    try (InvokeBench bench = bench(16)) {
      run = bench.openLoop("errors", 500, NO_WARMUP, Duration.ofSeconds(1), line -> {});
    }

    assertThat(run.summary().errors()).isEqualTo(50);
    assertThat(run.summary().errorsByCode()).containsExactly(Map.entry("ModelError", 50L));
    assertThat(run.errorsByStatus()).containsExactly(Map.entry("424", 50L));
  }

  @Test
  void resultJsonHoldsEveryPercentileTheErrorsAndTheSeries() throws Exception {
    serve((request, n) -> vertx.setTimer(2, ignored -> request.response().end("{}")));
    List<String> progress = new java.util.concurrent.CopyOnWriteArrayList<>();

    try (InvokeBench bench = bench(16)) {
      InvokeRun run =
          bench.openLoop("json", 100, Duration.ofSeconds(1), Duration.ofSeconds(2), progress::add);
      bench.single("invoke", run).write(dir);
    }

    JsonNode json = new ObjectMapper().readTree(dir.resolve("result.json").toFile());
    assertThat(json.path("kind").asText()).isEqualTo("invoke");
    assertThat(json.path("settings").path("endpointName").asText()).isEqualTo("my-endpoint");
    assertThat(json.path("machine").path("cores").asInt()).isPositive();
    JsonNode run = json.path("runs").get(0);
    assertThat(run.path("summary").path("requests").asLong()).isEqualTo(200);
    assertThat(run.path("summary").path("latencyMillis").path("p99").asDouble()).isPositive();
    JsonNode percentiles = run.path("percentiles");
    assertThat(percentiles.size()).isGreaterThan(10);
    assertThat(percentiles.get(0).path("percentile").asDouble()).isZero();
    assertThat(percentiles.get(percentiles.size() - 1).path("percentile").asDouble())
        .isEqualTo(100.0);
    assertThat(run.path("errorsByStatus").isObject()).isTrue();
    assertThat(run.path("summary").path("errorsByCode").isObject()).isTrue();
    assertThat(run.path("histogram").asText()).isNotEmpty();
    assertThat(run.path("generatorCpuMicrosPerRequest").asDouble()).isPositive();
    JsonNode series = run.path("series");
    assertThat(series.size()).isBetween(3, 5);
    assertThat(series.get(0).path("phase").asText()).isEqualTo("warmup");
    assertThat(series.get(1).path("phase").asText()).isEqualTo("measure");
    assertThat(series.get(1).path("okPerSecond").asDouble()).isBetween(80.0, 120.0);
    assertThat(series.get(1).has("p99Millis")).isTrue();
    assertThat(progress).isNotEmpty();
    assertThat(progress.get(1))
        .contains("req/s")
        .contains("p50")
        .contains("p99")
        .contains("errors");
    assertThat(Files.readString(dir.resolve("report.html"))).contains("id=\"latency-over-time\"");
  }

  @Test
  void theSweepReportsTheHighestRateThatHeldTheSlo() throws Exception {
    // One request at a time, 5 ms each: 200/s at most, and the queue grows past that.
    long[] freeAt = {0};
    serve(
        (request, n) -> {
          long now = System.nanoTime();
          freeAt[0] = Math.max(now, freeAt[0]) + 5_000_000;
          long delayMillis = Math.max(1, (freeAt[0] - now) / 1_000_000);
          vertx.setTimer(delayMillis, ignored -> request.response().end("{}"));
        });

    BenchResult result;
    try (InvokeBench bench = bench(256)) {
      result =
          bench.sweep(
              new SweepPlan(
                  50,
                  50,
                  0,
                  400,
                  Duration.ofSeconds(2),
                  // Unmeasured: a cold JIT (or a machine busy with a build) must not fail step 1.
                  Duration.ofSeconds(3),
                  // p90, not p99: a 2-s step has few samples, and the machine is shared.
                  Slo.parse("p90<100ms"),
                  0.01),
              line -> {},
              step -> {});
    }

    BenchResult.SweepVerdict verdict = result.sweep();
    assertThat(verdict.highestRateHeld()).as(verdict.toString()).isBetween(100.0, 200.0);
    assertThat(verdict.brokenAtRate()).isEqualTo(verdict.highestRateHeld() + 50);
    assertThat(verdict.brokenBecause()).isNotEmpty();
    assertThat(result.runs()).hasSize((int) (verdict.brokenAtRate() / 50));
    result.write(dir);
    assertThat(Files.readString(dir.resolve("report.html"))).contains("id=\"latency-by-rate\"");
  }

  @Test
  void aRefusedConnectionCountsAsNoAnswer() throws Exception {
    serve((request, n) -> request.response().end("{}"));
    server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

    InvokeRun run;
    try (InvokeBench bench = bench(4)) {
      run = bench.openLoop("refused", 50, NO_WARMUP, Duration.ofSeconds(1), line -> {});
    }

    assertThat(run.summary().requests()).isEqualTo(50);
    assertThat(run.summary().errorsByCode()).containsExactly(Map.entry("ConnectionRefused", 50L));
    assertThat(run.errorsByStatus()).containsExactly(Map.entry(Measurement.NO_ANSWER, 50L));
  }

  @Test
  void aServerThatClosesEveryConnectionGetsANewOneForEachRequest() throws Exception {
    serve((request, n) -> request.response().putHeader("Connection", "close").end("{}"));

    InvokeRun run;
    try (InvokeBench bench = bench(4)) {
      run = bench.openLoop("close", 100, NO_WARMUP, Duration.ofSeconds(1), line -> {});
    }

    assertThat(run.summary().requests()).isEqualTo(100);
    assertThat(run.summary().errors()).isZero();
    assertThat(received.get()).isEqualTo(100);
  }

  private InvokeBench bench(int connections) throws Exception {
    Path body = Files.writeString(dir.resolve("body-" + connections + ".json"), "{\"x\":[1,2,3]}");
    InvokeSettings settings =
        new InvokeSettings(
            URI.create("http://127.0.0.1:" + server.actualPort()),
            "my-endpoint",
            List.of(body.toString()),
            "application/json",
            "application/json",
            "AllTraffic",
            "eu-west-1",
            connections);
    AwsCredentials credentials = AwsBasicCredentials.create("AKIDTEST", "secret");
    return InvokeBench.open(settings, () -> credentials);
  }

  private void serve(BiConsumer<HttpServerRequest, Integer> answer) throws Exception {
    server =
        vertx
            .createHttpServer()
            .requestHandler(
                request ->
                    request
                        .body()
                        .onSuccess(
                            body -> {
                              int n = received.incrementAndGet();
                              if (n == 1) {
                                firstHeaders.put("path", request.path());
                                request
                                    .headers()
                                    .forEach(
                                        h ->
                                            firstHeaders.put(
                                                h.getKey().toLowerCase(), h.getValue()));
                              }
                              answer.accept(request, n);
                            }))
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }
}
