package dev.berth.runtime.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.berth.runtime.RuntimeConfig;
import dev.berth.runtime.engine.InferenceModel;
import dev.berth.runtime.engine.ModelLoader;
import dev.berth.runtime.engine.OnnxModels;
import dev.berth.runtime.engine.ServingProperties;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin port's Prometheus text covers requests, errors, the batcher and the model. */
class RuntimeMetricsIT {
  @TempDir Path modelDir;

  @Test
  void metricsShowRequestsErrorsQueueAndBatches() throws Exception {
    OnnxModels.writeMlp(modelDir);
    int metricsPort;
    try (ServerSocket s = new ServerSocket(0)) {
      metricsPort = s.getLocalPort();
    }
    RuntimeConfig config =
        new RuntimeConfig(
            "127.0.0.1",
            0,
            metricsPort,
            modelDir,
            null,
            true,
            modelDir.resolve("cache"),
            "cpu",
            Duration.ofSeconds(30),
            RuntimeConfig.DEFAULT_MAX_PAYLOAD_BYTES,
            Duration.ofSeconds(10),
            Map.of());
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (RuntimeServer server =
        RuntimeServer.start(
            config,
            registry -> {
              InferenceModel model =
                  ModelLoader.load(
                      modelDir, ServingProperties.load(modelDir), "cpu", registry, "mlp");
              model.warmUp();
              return model;
            })) {
      await().atMost(Duration.ofSeconds(60)).until(server::ready);
      URI invocations = URI.create("http://127.0.0.1:" + server.port() + "/invocations");
      for (String body : new String[] {"[[1, 2, 3, 4]]", "[[1, 2]]"}) {
        http.send(
            HttpRequest.newBuilder(invocations)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
      }
      String metrics =
          http.send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + server.metricsPort() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(metrics)
          .contains("berth_runtime_requests_seconds_count{status=\"200\"}")
          .contains("berth_runtime_requests_seconds_count{status=\"400\"}")
          .contains("berth_runtime_errors_total")
          .contains("berth_runtime_models_loaded 1.0")
          .contains("berth_runtime_batch_size")
          .contains("berth_runtime_queue_time_seconds")
          .contains("berth_runtime_queue_depth")
          .contains("berth_runtime_engine_load_seconds");
    }
  }
}
