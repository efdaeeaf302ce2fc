package dev.berth.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The blocking client against a real HTTP server: answers, errors, keep-alive, reconnects. */
class BlockingHttpClientTest {
  private final Vertx vertx = Vertx.vertx();
  private final AtomicInteger connections = new AtomicInteger();
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private HttpServer server;

  @BeforeEach
  void start() throws Exception {
    server =
        vertx
            .createHttpServer()
            .connectionHandler(c -> connections.incrementAndGet())
            .requestHandler(
                request ->
                    request
                        .body()
                        .onSuccess(
                            body -> {
                              seen.add(
                                  request.method()
                                      + " "
                                      + request.uri()
                                      + " "
                                      + request.getHeader("Content-Type")
                                      + " "
                                      + body.length());
                              switch (request.path()) {
                                case "/bad" ->
                                    request
                                        .response()
                                        .setStatusCode(400)
                                        .end("{\"code\":400,\"type\":\"BadPayload\"}");
                                case "/close" ->
                                    request.response().putHeader("Connection", "close").end("bye");
                                default -> request.response().end(body);
                              }
                            }))
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void answersComeBackOverOneKeptConnectionWithTheirErrors() throws Exception {
    try (BlockingHttpClient client = BlockingHttpClient.connect(url())) {
      LoadClient.Answer ok = send(client, request("/invocations", 300_000));
      LoadClient.Answer again = send(client, request("/invocations", 10));
      LoadClient.Answer bad = send(client, request("/bad", 10));

      assertThat(ok.status()).isEqualTo(200);
      assertThat(ok.errorCode()).isNull();
      assertThat(ok.answeredNanos()).isGreaterThanOrEqualTo(ok.sentNanos());
      assertThat(again.errorCode()).isNull();
      assertThat(bad.status()).isEqualTo(400);
      assertThat(bad.errorCode()).isEqualTo("BadPayload");
      assertThat(seen)
          .containsExactly(
              "POST /invocations application/x-npy 300000",
              "POST /invocations application/x-npy 10",
              "POST /bad application/x-npy 10");
      assertThat(connections).hasValue(1);
    }
  }

  @Test
  void aConnectionTheServerClosesIsOpenedAgainForTheNextRequest() throws Exception {
    try (BlockingHttpClient client = BlockingHttpClient.connect(url())) {
      assertThat(send(client, request("/close", 1)).errorCode()).isNull();
      assertThat(send(client, request("/invocations", 1)).errorCode()).isNull();
      assertThat(connections).hasValue(2);
    }
  }

  @Test
  void noServerIsAnErrorWithoutAnAnswer() throws Exception {
    int free;
    try (ServerSocket socket = new ServerSocket(0)) {
      free = socket.getLocalPort();
    }
    try (BlockingHttpClient client =
        BlockingHttpClient.connect(URI.create("http://127.0.0.1:" + free))) {
      LoadClient.Answer refused = send(client, request("/invocations", 1));
      assertThat(refused.status()).isEqualTo(LoadClient.Answer.NO_ANSWER);
      assertThat(refused.errorCode()).isEqualTo("ClientError:ConnectException");
    }
  }

  private URI url() {
    return URI.create("http://127.0.0.1:" + server.actualPort());
  }

  private static LoadRequest request(String uri, int bytes) {
    return new LoadRequest(
        uri,
        MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/x-npy"),
        Buffer.buffer(new byte[bytes]));
  }

  private static LoadClient.Answer send(BlockingHttpClient client, LoadRequest request)
      throws Exception {
    CompletableFuture<LoadClient.Answer> answer = new CompletableFuture<>();
    client.context().runOnContext(v -> client.send(request, answer::complete));
    return answer.get(30, TimeUnit.SECONDS);
  }
}
