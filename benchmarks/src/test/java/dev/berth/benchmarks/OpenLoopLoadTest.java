package dev.berth.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The open loop's coordinated-omission correction, against a tiny local server that stalls one
 * answer for 200 ms while the generator has a single connection.
 */
class OpenLoopLoadTest {
  private static final int STALLED_REQUEST = 300;
  private static final long STALL_MILLIS = 200;
  private static final LoadRequest EMPTY =
      new LoadRequest(MultiMap.caseInsensitiveMultiMap(), Buffer.buffer("{}"));

  private final AtomicInteger received = new AtomicInteger();
  private Vertx vertx;
  private HttpServer server;

  @BeforeEach
  void startServer() throws Exception {
    vertx = Vertx.vertx();
    server =
        vertx
            .createHttpServer()
            .requestHandler(
                request -> {
                  if (received.incrementAndGet() == STALLED_REQUEST) {
                    vertx.setTimer(STALL_MILLIS, ignored -> request.response().end("{}"));
                  } else {
                    request.response().end("{}");
                  }
                })
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stopServer() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aStallIsChargedToEveryRequestScheduledDuringIt() {
    Measurement measured;
    try (LoadClient client =
        LoadClient.connect(URI.create("http://127.0.0.1:" + server.actualPort()), 1, 1)) {
      measured =
          new OpenLoopLoad(
                  client, () -> EMPTY, 1000, Duration.ZERO, Duration.ofMillis(1500), line -> {})
              .run();
    }

    assertThat(measured.requests()).isEqualTo(1500);
    assertThat(measured.errors()).isEmpty();
    // About 200 requests fell due while the only connection waited; each is charged its wait.
    assertThat(measured.latency().getCountBetweenValues(100_000, Long.MAX_VALUE)).isGreaterThan(50);
    assertThat(measured.latency().getValueAtPercentile(99)).isGreaterThanOrEqualTo(150_000);
    // Timed from when the connection took them, only the stalled one is slow: the view that
    // coordinated omission gives, in which one slow sample in 1,500 leaves p99 untouched.
    assertThat(measured.serviceTime().getCountBetweenValues(150_000, Long.MAX_VALUE))
        .isBetween(1L, 3L);
    assertThat(measured.serviceTime().getValueAtPercentile(99)).isLessThan(100_000);
  }
}
