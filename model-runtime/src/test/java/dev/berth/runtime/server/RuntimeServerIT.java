package dev.berth.runtime.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.runtime.RuntimeConfig;
import dev.berth.runtime.engine.InferenceModel;
import dev.berth.runtime.engine.ModelLoader;
import dev.berth.runtime.engine.OnnxModels;
import dev.berth.runtime.engine.ServingProperties;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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

  private void startMlp() throws Exception {
    if (!Files.exists(modelDir.resolve("model.onnx"))) {
      OnnxModels.writeMlp(modelDir);
    }
    server = RuntimeServer.start(config(), registry -> loadMlp());
    await().atMost(Duration.ofSeconds(60)).until(server::ready);
  }

  private InferenceModel loadMlp() throws Exception {
    InferenceModel model = ModelLoader.load(modelDir, ServingProperties.load(modelDir), "cpu");
    model.warmUp();
    return model;
  }

  private RuntimeConfig config() {
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
        RuntimeConfig.DEFAULT_MAX_PAYLOAD_BYTES,
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
