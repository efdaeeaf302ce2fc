package dev.berth.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.runtime.engine.OnnxModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.ContainerDefinition;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariant;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * Endpoints on {@code berth up} as a user runs it, including the crash the reconciler must survive:
 * kill -9 of Berth in the middle of CreateEndpoint, and a restart that must bring back every
 * resource and an invocable endpoint.
 */
class BerthEndpointsIT {
  @TempDir Path dataDir;
  @TempDir Path models;
  private BerthProcesses berth;

  @BeforeEach
  void prepare() {
    berth = new BerthProcesses(dataDir);
  }

  @AfterEach
  void stopAll() throws InterruptedException {
    berth.close();
  }

  @Test
  void aKillMidCreateConvergesAndARestartBringsTheEndpointBackWithoutOrphanedRuntimes()
      throws Exception {
    int port = BerthProcesses.freePort();
    Process first = berth.up(port);
    SageMakerClient sm = BerthProcesses.client(port, "test", "test");
    String url = OnnxModels.writeMlpTarGz(models).toUri().toString();
    sm.createModel(
        r ->
            r.modelName("mlp")
                .primaryContainer(ContainerDefinition.builder().modelDataUrl(url).build()));
    sm.createEndpointConfig(
        r ->
            r.endpointConfigName("mlp-c")
                .productionVariants(
                    ProductionVariant.builder()
                        .variantName("AllTraffic")
                        .modelName("mlp")
                        .instanceType("ml.m5.large")
                        .initialInstanceCount(1)
                        .build()));
    sm.createEndpoint(r -> r.endpointName("crashy").endpointConfigName("mlp-c"));
    await().atMost(Duration.ofSeconds(30)).until(() -> runtimes().size() == 1);

    // kill -9 while the endpoint is Creating and its runtime is starting.
    assertThat(sm.describeEndpoint(r -> r.endpointName("crashy")).endpointStatusAsString())
        .isEqualTo("Creating");
    first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    // The orphaned runtime notices its parent is gone and ends.
    await().atMost(Duration.ofSeconds(30)).until(() -> runtimes().isEmpty());

    berth.up(port);
    SageMakerClient again = BerthProcesses.client(port, "test", "test");
    var ready =
        again
            .waiter()
            .waitUntilEndpointInService(r -> r.endpointName("crashy"), quick())
            .matched()
            .response()
            .orElseThrow();
    assertThat(ready.productionVariants().get(0).currentInstanceCount()).isEqualTo(1);
    assertThat(runtimes()).hasSize(1);

    // Ctrl-C stops the runtimes with Berth; the next start brings the InService endpoint back.
    Process second = berth.last();
    second.destroy();
    assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(runtimes()).isEmpty();
    berth.up(port);
    await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () ->
                runtimes().size() == 1
                    && again
                            .describeEndpoint(r -> r.endpointName("crashy"))
                            .productionVariants()
                            .get(0)
                            .currentInstanceCount()
                        == 1);
    assertThat(again.describeEndpoint(r -> r.endpointName("crashy")).endpointStatusAsString())
        .isEqualTo("InService");
    // Everything was kept, and InService again means invocable again.
    assertThat(again.listModels().models()).extracting(m -> m.modelName()).containsExactly("mlp");
    assertThat(again.listEndpointConfigs().endpointConfigs())
        .extracting(c -> c.endpointConfigName())
        .containsExactly("mlp-c");
    try (SageMakerRuntimeClient runtime = BerthProcesses.runtimeClient(port, "test", "test")) {
      JsonNode row =
          new ObjectMapper()
              .readTree(
                  runtime
                      .invokeEndpoint(
                          r ->
                              r.endpointName("crashy")
                                  .contentType("application/json")
                                  .body(SdkBytes.fromUtf8String("{\"instances\": [[1, 2, 3, 4]]}")))
                      .body()
                      .asUtf8String())
              .at("/predictions/0");
      float[] expected = OnnxModels.mlp(new float[] {1, 2, 3, 4});
      assertThat(row.size()).isEqualTo(expected.length);
      for (int i = 0; i < expected.length; i++) {
        assertThat(row.get(i).floatValue()).isEqualTo(expected[i]);
      }
    }

    again.deleteEndpoint(r -> r.endpointName("crashy"));
    again.waiter().waitUntilEndpointDeleted(r -> r.endpointName("crashy"), quick());
    await().atMost(Duration.ofSeconds(30)).until(() -> runtimes().isEmpty());
  }

  /** Runtime processes of this test's Berth, wherever their parent is (by their environment). */
  private List<Long> runtimes() throws Exception {
    try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
      return all.filter(ProcessHandle::isAlive)
          .filter(p -> isOurRuntime(p.pid()))
          .map(ProcessHandle::pid)
          .toList();
    }
  }

  private boolean isOurRuntime(long pid) {
    try {
      Path proc = Path.of("/proc", Long.toString(pid));
      return Files.readString(proc.resolve("cmdline")).contains("dev.berth.runtime.RuntimeMain")
          && Files.readString(proc.resolve("environ")).contains(dataDir.toString());
    } catch (Exception e) {
      return false;
    }
  }

  private static Consumer<WaiterOverrideConfiguration.Builder> quick() {
    return o ->
        o.maxAttempts(600)
            .backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(200)));
  }
}
