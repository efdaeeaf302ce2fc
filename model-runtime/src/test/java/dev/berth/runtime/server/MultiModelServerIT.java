package dev.berth.runtime.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.berth.runtime.RuntimeConfig;
import dev.berth.runtime.engine.OnnxModels;
import dev.berth.runtime.mme.MemoryBudget;
import dev.berth.runtime.mme.ModelCacheSetting;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multi-model mode over real HTTP with real ONNX models run by DJL (spec §6.3): a model root
 * holding {@code a/model.onnx} (a directory) and {@code b.tar.gz} (an archive), served by target
 * model and through the {@code /models} API.
 */
class MultiModelServerIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TARGET = "X-Amzn-SageMaker-Target-Model";
  private static final float[] ROW = {1, 2, 3, 4};

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private RuntimeServer server;
  private long modelBytes;

  @TempDir Path root;
  @TempDir Path cache;

  @BeforeEach
  void writeModels() throws IOException {
    Path a = OnnxModels.writeMlp(Files.createDirectories(root.resolve("a")));
    modelBytes = Files.size(a);
    writeTarGz(a, root.resolve("b.tar.gz"));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void pingIsHealthyAtOnceAndEachTargetModelAnswers() throws Exception {
    start(1L << 30, ModelCacheSetting.ENABLED);

    assertThat(get("/ping").statusCode()).isEqualTo(200);
    assertAnswers(invoke("a"));
    assertAnswers(invoke("b.tar.gz"));
    assertAnswers(invoke("a"));

    assertThat(names(get("/models"))).containsExactly("a", "b.tar.gz");
    assertThat(gauge("berth.runtime.models.loaded")).isEqualTo(2);
    assertThat(counter("berth.runtime.mme.loads", "outcome", "ready")).isEqualTo(2);
  }

  @Test
  void theLeastRecentlyUsedModelIsEvictedWhenTheBudgetHoldsOnlyOne() throws Exception {
    start(modelBytes * 3 / 2, ModelCacheSetting.ENABLED);

    assertAnswers(invoke("a"));
    assertAnswers(invoke("b.tar.gz"));
    assertThat(names(get("/models"))).containsExactly("b.tar.gz");
    assertAnswers(invoke("a"));
    assertThat(names(get("/models"))).containsExactly("a");

    assertThat(counter("berth.runtime.mme.evictions")).isEqualTo(2);
    assertThat(counter("berth.runtime.mme.loads", "outcome", "ready")).isEqualTo(3);
  }

  @Test
  void withTheCacheDisabledEachCallUnloadsItsModel() throws Exception {
    start(1L << 30, ModelCacheSetting.DISABLED);

    assertAnswers(invoke("a"));
    await().atMost(Duration.ofSeconds(10)).until(() -> names(get("/models")).isEmpty());
    assertAnswers(invoke("a"));

    assertThat(counter("berth.runtime.mme.loads", "outcome", "ready")).isEqualTo(2);
  }

  @Test
  void anInvocationWithoutTargetModelIs400() throws Exception {
    start(1L << 30, ModelCacheSetting.ENABLED);

    HttpResponse<String> r = post("/invocations", Map.of(), "[[1,2,3,4]]");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains(TARGET);
  }

  @Test
  void aTargetModelThatDoesNotExistIs404() throws Exception {
    start(1L << 30, ModelCacheSetting.ENABLED);

    HttpResponse<String> r = invoke("missing.tar.gz");

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).contains("missing.tar.gz");
    assertThat(get("/ping").statusCode()).isEqualTo(200);
  }

  @Test
  void aTargetModelEscapingTheRootIs400() throws Exception {
    start(1L << 30, ModelCacheSetting.ENABLED);

    for (String target : List.of("../a", "a/../../etc", "/etc/passwd", "a//b")) {
      HttpResponse<String> r = invoke(target);
      assertThat(r.statusCode()).as(target).isEqualTo(400);
      assertThat(r.body()).contains("relative to the model root");
    }
  }

  @Test
  void aModelLargerThanTheBudgetIs507() throws Exception {
    start(modelBytes / 2, ModelCacheSetting.ENABLED);

    assertThat(invoke("a").statusCode()).isEqualTo(507);
    HttpResponse<String> load = load("m", root.resolve("a").toString());
    assertThat(load.statusCode()).isEqualTo(507);
    assertThat(load.body()).contains("memory budget");
  }

  @Test
  void theModelsApiLoadsDescribesInvokesAndUnloads() throws Exception {
    start(1L << 30, ModelCacheSetting.ENABLED);
    String url = root.resolve("a").toString();

    assertThat(load("m1", url).statusCode()).isEqualTo(200);
    assertThat(load("m1", url).statusCode()).isEqualTo(409);
    HttpResponse<String> described = get("/models/m1");
    assertThat(described.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(described.body()).get("modelUrl").asText()).isEqualTo(url);
    assertAnswers(post("/models/m1/invoke", Map.of(), "[[1,2,3,4]]"));

    assertThat(delete("/models/m1").statusCode()).isEqualTo(200);
    assertThat(delete("/models/m1").statusCode()).isEqualTo(404);
    assertThat(get("/models/m1").statusCode()).isEqualTo(404);
    assertThat(post("/models/m1/invoke", Map.of(), "[[1,2,3,4]]").statusCode()).isEqualTo(404);
  }

  @Test
  void theModelsApiLoadsAnArchiveByFileUrlAndRefusesWhatIsNotThere() throws Exception {
    start(1L << 30, ModelCacheSetting.ENABLED);

    assertThat(load("b", root.resolve("b.tar.gz").toUri().toString()).statusCode()).isEqualTo(200);
    assertAnswers(post("/models/b/invoke", Map.of(), "[[1,2,3,4]]"));
    assertThat(load("ghost", root.resolve("ghost").toString()).statusCode()).isEqualTo(404);
    assertThat(post("/models", Map.of(), "{\"model_name\": \"x\"}").statusCode()).isEqualTo(400);
  }

  @Test
  void theModelListIsPaginated() throws Exception {
    start(1L << 30, ModelCacheSetting.ENABLED);
    for (String name : List.of("m1", "m2", "m3")) {
      assertThat(load(name, root.resolve("a").toString()).statusCode()).isEqualTo(200);
    }

    JsonNode first = JSON.readTree(get("/models?limit=2").body());
    assertThat(first.get("models")).hasSize(2);
    String token = first.get("nextPageToken").asText();
    JsonNode second = JSON.readTree(get("/models?limit=2&next_page_token=" + token).body());

    assertThat(second.get("models")).hasSize(1);
    assertThat(second.get("models").get(0).get("modelName").asText()).isEqualTo("m3");
    assertThat(second.has("nextPageToken")).isFalse();
  }

  @Test
  void aTargetModelMissingUnderAnHttpRootIs404LikeUnderADirectory() throws Exception {
    HttpServer store =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    // A tiny model store: b.tar.gz under /mme/, 404 for anything else.
    store.createContext(
        "/",
        exchange -> {
          Path file =
              exchange.getRequestURI().getPath().equals("/mme/b.tar.gz")
                  ? root.resolve("b.tar.gz")
                  : null;
          exchange.sendResponseHeaders(
              file == null ? 404 : 200, file == null ? -1 : Files.size(file));
          if (file != null) {
            try (OutputStream out = exchange.getResponseBody()) {
              Files.copy(file, out);
            }
          }
          exchange.close();
        });
    store.start();
    try {
      start(
          "http://127.0.0.1:" + store.getAddress().getPort() + "/mme/",
          1L << 30,
          ModelCacheSetting.ENABLED);

      HttpResponse<String> missing = invoke("missing.tar.gz");

      assertThat(missing.statusCode()).as(missing.body()).isEqualTo(404);
      assertThat(JSON.readTree(missing.body()).get("type").asText()).isEqualTo("ModelNotFound");
      assertThat(missing.body()).contains("missing.tar.gz");
      assertAnswers(invoke("b.tar.gz"));
    } finally {
      store.stop(0);
    }
  }

  @Test
  void anOpenInferenceProtocolAnswerNamesTheTargetModel() throws Exception {
    start(1L << 30, ModelCacheSetting.ENABLED);

    HttpResponse<String> r =
        post(
            "/invocations",
            Map.of(TARGET, "b.tar.gz"),
            "{\"inputs\": [{\"name\": \"input\", \"shape\": [1, 4], \"datatype\": \"FP32\","
                + " \"data\": [1, 2, 3, 4]}]}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).get("model_name").asText()).isEqualTo("b.tar.gz");
  }

  private void start(long budgetBytes, ModelCacheSetting cacheSetting) {
    start(root.toString(), budgetBytes, cacheSetting);
  }

  private void start(String modelRoot, long budgetBytes, ModelCacheSetting cacheSetting) {
    RuntimeConfig config =
        new RuntimeConfig(
                "127.0.0.1",
                0,
                0,
                root,
                null,
                true,
                cache,
                "cpu",
                Duration.ofSeconds(60),
                RuntimeConfig.DEFAULT_MAX_PAYLOAD_BYTES,
                Duration.ofSeconds(10),
                Map.of())
            .withMultiModel(modelRoot, new MemoryBudget(budgetBytes, 1.0), cacheSetting);
    server =
        RuntimeServer.start(
            config,
            registry -> {
              throw new AssertionError("a multi-model runtime loads no single model");
            });
  }

  private static void assertAnswers(HttpResponse<String> r) throws IOException {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode row = JSON.readTree(r.body()).get(0);
    float[] expected = OnnxModels.mlp(ROW);
    assertThat(row.size()).isEqualTo(expected.length);
    for (int i = 0; i < expected.length; i++) {
      assertThat(row.get(i).floatValue()).isCloseTo(expected[i], within(1e-5f));
    }
  }

  private static List<String> names(HttpResponse<String> list) throws IOException {
    assertThat(list.statusCode()).isEqualTo(200);
    List<String> names = new ArrayList<>();
    JSON.readTree(list.body()).get("models").forEach(m -> names.add(m.get("modelName").asText()));
    return names;
  }

  private double counter(String name, String... tags) {
    return server.registry().counter(name, tags).count();
  }

  private double gauge(String name) {
    return server.registry().get(name).gauge().value();
  }

  private HttpResponse<String> invoke(String target) throws Exception {
    return post("/invocations", Map.of(TARGET, target), "[[1,2,3,4]]");
  }

  private HttpResponse<String> load(String name, String url) throws Exception {
    return post(
        "/models", Map.of(), JSON.writeValueAsString(Map.of("model_name", name, "url", url)));
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> delete(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, Map<String, String> headers, String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(path))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json");
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  /** {@code model.tar.gz} holding {@code file} at its top, as SageMaker model archives are. */
  private static void writeTarGz(Path file, Path archive) throws IOException {
    try (OutputStream out = Files.newOutputStream(archive);
        GzipCompressorOutputStream gz = new GzipCompressorOutputStream(out);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
      TarArchiveEntry entry = new TarArchiveEntry(file.toFile(), file.getFileName().toString());
      tar.putArchiveEntry(entry);
      Files.copy(file, tar);
      tar.closeArchiveEntry();
      tar.finish();
    }
  }
}
