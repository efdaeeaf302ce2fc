package dev.berth.runtime.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.runtime.RuntimeConfig;
import dev.berth.runtime.codec.Npy;
import dev.berth.runtime.codec.Tensor;
import dev.berth.runtime.engine.InferenceModel;
import dev.berth.runtime.engine.ModelLoader;
import dev.berth.runtime.engine.OnnxModels;
import dev.berth.runtime.engine.ServingProperties;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The container contract over real HTTP, with a real ONNX model run by DJL. */
class RuntimeServerIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private RuntimeServer server;

  @TempDir Path modelDir;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void pingTurnsHealthyOnlyAfterTheModelIsLoadedAndWarm() throws Exception {
    OnnxModels.writeMlp(modelDir);
    CountDownLatch release = new CountDownLatch(1);
    server =
        RuntimeServer.start(
            config(),
            registry -> {
              release.await();
              return loadMlp();
            });
    assertThat(get("/ping").statusCode()).isEqualTo(503);
    assertThat(post("application/json", null, "[[1,2,3,4]]").statusCode()).isEqualTo(503);
    release.countDown();
    await().atMost(Duration.ofSeconds(60)).until(() -> get("/ping").statusCode() == 200);
  }

  @Test
  void aModelThatFailsToLoadKeepsPingUnhealthyWithTheReason() throws Exception {
    server =
        RuntimeServer.start(
            config(),
            registry -> {
              throw new IllegalStateException("no model file in /opt/ml/model");
            });
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> get("/ping").body().contains("no model file in /opt/ml/model"));
    assertThat(get("/ping").statusCode()).isEqualTo(503);
  }

  @Test
  void jsonInstancesCsvAndCustomAttributesRoundTrip() throws Exception {
    startMlp();
    HttpResponse<String> r =
        post(
            "application/json",
            Map.of("X-Amzn-SageMaker-Custom-Attributes", "trace=1"),
            "{\"instances\": [[1, 2, 3, 4], [0, -1, 0.5, 2]]}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(r.headers().firstValue("X-Amzn-SageMaker-Custom-Attributes")).hasValue("trace=1");
    JsonNode predictions = JSON.readTree(r.body()).get("predictions");
    assertRow(predictions.get(0), OnnxModels.mlp(new float[] {1, 2, 3, 4}));
    assertRow(predictions.get(1), OnnxModels.mlp(new float[] {0, -1, 0.5f, 2}));

    HttpResponse<String> csv = post("text/csv", Map.of("Accept", "text/csv"), "1,2,3,4\n");
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type")).hasValue("text/csv");
    String[] values = csv.body().trim().split(",");
    float[] expected = OnnxModels.mlp(new float[] {1, 2, 3, 4});
    for (int i = 0; i < expected.length; i++) {
      assertThat(Float.parseFloat(values[i])).isCloseTo(expected[i], within(1e-5f));
    }
  }

  @Test
  void badPayloadsAre4xxAndPingStaysHealthy() throws Exception {
    startMlp();
    HttpResponse<String> wrongShape = post("application/json", null, "[[1, 2, 3]]");
    assertThat(wrongShape.statusCode()).isEqualTo(400);
    assertThat(wrongShape.body()).contains("input");
    assertThat(post("text/plain", null, "hello").statusCode()).isEqualTo(415);
    assertThat(post("application/json", null, "{not json").statusCode()).isEqualTo(400);
    assertThat(get("/ping").statusCode()).isEqualTo(200);
    assertThat(get("/elsewhere").statusCode()).isEqualTo(404);
  }

  @Test
  void sixtyFourConcurrentClientsEachGetTheirOwnAnswer() throws Exception {
    Files.writeString(modelDir.resolve("serving.properties"), "batch_size=8\nmax_batch_delay=20\n");
    startMlp();
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      answers.add(
          http.sendAsync(
              request("application/json", null, "[[" + i + ", 1, 0, -1]]"),
              HttpResponse.BodyHandlers.ofString()));
    }
    for (int i = 0; i < 64; i++) {
      HttpResponse<String> r = answers.get(i).get();
      assertThat(r.statusCode()).isEqualTo(200);
      assertRow(JSON.readTree(r.body()).get(0), OnnxModels.mlp(new float[] {i, 1, 0, -1}));
    }
  }

  @Test
  void closingDrainsInvocationsAlreadyAccepted() throws Exception {
    startMlp();
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      answers.add(
          http.sendAsync(
              request("application/json", null, "[[1, 2, 3, 4]]"),
              HttpResponse.BodyHandlers.ofString()));
    }
    Thread.sleep(20);
    server.close();
    server = null;
    for (var answer : answers) {
      try {
        assertThat(answer.get().statusCode()).isEqualTo(200);
      } catch (java.util.concurrent.ExecutionException refused) {
        // Requests that had not reached the server before it stopped listening are refused.
        assertThat(refused.getCause()).isInstanceOf(java.io.IOException.class);
      }
    }
  }

  @Test
  void aLargeNpyBodyIsDecodedInPlaceAndAnsweredRowByRow() throws Exception {
    startMlp();
    int rows =
        5000; // 80 kB of input: many reads into one buffer, staged for the engine in one copy
    float[] values = new float[rows * 4];
    for (int i = 0; i < values.length; i++) {
      values[i] = (i % 7) - 3;
    }
    byte[] body =
        Npy.write(Tensor.ofFloats("input", new long[] {rows, 4}, values), new long[] {rows, 4});
    assertThat(body.length).isGreaterThan(64 * 1024);

    HttpResponse<byte[]> r = postBytes("application/x-npy", body, false);

    assertThat(r.statusCode()).isEqualTo(200);
    Tensor output = Npy.read(r.body(), "output");
    assertThat(output.shape()).containsExactly(rows, 3);
    float[] answered = output.toFloats();
    for (int row : new int[] {0, 1, 2499, rows - 1}) {
      float[] expected = OnnxModels.mlp(Arrays.copyOfRange(values, row * 4, row * 4 + 4));
      for (int k = 0; k < 3; k++) {
        assertThat(answered[row * 3 + k]).isCloseTo(expected[k], within(1e-4f));
      }
    }
  }

  @Test
  void concurrentLargeNpyBodiesAreBatchedAndEachGetsItsOwnRows() throws Exception {
    Files.writeString(modelDir.resolve("serving.properties"), "batch_size=8\nmax_batch_delay=20\n");
    startMlp();
    int rows = 4200;
    List<CompletableFuture<HttpResponse<byte[]>>> answers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      float[] values = new float[rows * 4];
      Arrays.fill(values, i);
      byte[] body =
          Npy.write(Tensor.ofFloats("input", new long[] {rows, 4}, values), new long[] {rows, 4});
      answers.add(
          http.sendAsync(
              HttpRequest.newBuilder(invocations())
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                  .header("Content-Type", "application/x-npy")
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray()));
    }
    for (int i = 0; i < 8; i++) {
      HttpResponse<byte[]> r = answers.get(i).get();
      assertThat(r.statusCode()).isEqualTo(200);
      float[] answered = Npy.read(r.body(), "output").toFloats();
      float[] expected = OnnxModels.mlp(new float[] {i, i, i, i});
      assertThat(answered).hasSize(rows * 3);
      assertThat(answered[(rows - 1) * 3 + 2]).isCloseTo(expected[2], within(1e-4f));
      assertThat(answered[0]).isCloseTo(expected[0], within(1e-4f));
    }
  }

  @Test
  void aChunkedBodyPastThePayloadLimitIs413() throws Exception {
    startMlp(1000);
    byte[] body = ("[" + "1.0,".repeat(600) + "1.0]").getBytes(StandardCharsets.US_ASCII);

    HttpResponse<byte[]> r = postBytes("application/json", body, true);

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("exceeds the limit of 1000");
    assertThat(get("/ping").statusCode()).isEqualTo(200);
  }

  private HttpResponse<byte[]> postBytes(String contentType, byte[] body, boolean chunked)
      throws Exception {
    HttpRequest.BodyPublisher publisher =
        chunked
            ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
            : HttpRequest.BodyPublishers.ofByteArray(body);
    return http.send(
        HttpRequest.newBuilder(invocations())
            .POST(publisher)
            .header("Content-Type", contentType)
            .header("Accept", contentType)
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private URI invocations() {
    return URI.create("http://127.0.0.1:" + server.port() + "/invocations");
  }

  private void startMlp() throws Exception {
    startMlp(RuntimeConfig.DEFAULT_MAX_PAYLOAD_BYTES);
  }

  private void startMlp(int maxPayloadBytes) throws Exception {
    if (!Files.exists(modelDir.resolve("model.onnx"))) {
      OnnxModels.writeMlp(modelDir);
    }
    server = RuntimeServer.start(config(maxPayloadBytes), registry -> loadMlp());
    await().atMost(Duration.ofSeconds(60)).until(server::ready);
  }

  private InferenceModel loadMlp() throws Exception {
    InferenceModel model = ModelLoader.load(modelDir, ServingProperties.load(modelDir), "cpu");
    model.warmUp();
    return model;
  }

  private RuntimeConfig config() {
    return config(RuntimeConfig.DEFAULT_MAX_PAYLOAD_BYTES);
  }

  private RuntimeConfig config(int maxPayloadBytes) {
    return new RuntimeConfig(
        "127.0.0.1",
        0,
        0,
        modelDir,
        null,
        true,
        modelDir.resolve("cache"),
        "cpu",
        Duration.ofSeconds(30),
        maxPayloadBytes,
        Duration.ofSeconds(10),
        Map.of());
  }

  private static void assertRow(JsonNode row, float[] expected) {
    assertThat(row.size()).isEqualTo(expected.length);
    for (int i = 0; i < expected.length; i++) {
      assertThat(row.get(i).floatValue()).isCloseTo(expected[i], within(1e-5f));
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String contentType, Map<String, String> headers, String body)
      throws Exception {
    return http.send(request(contentType, headers, body), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest request(String contentType, Map<String, String> headers, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/invocations"))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", contentType);
    if (headers != null) {
      headers.forEach(b::header);
    }
    return b.build();
  }
}
