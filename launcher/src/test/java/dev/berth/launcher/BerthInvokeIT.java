package dev.berth.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.runtime.engine.OnnxModels;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.SageMakerRuntimeException;

/**
 * InvokeEndpoint on {@code berth up} as a user runs it: the SageMaker and the SageMaker Runtime
 * clients share one endpoint URL.
 */
class BerthInvokeIT {
  private static final Pattern INVOCATION_METRICS =
      Pattern.compile("Invocation metrics: (http://\\S+/metrics)");

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
  void anEndpointCreatedWithTheSageMakerClientIsInvokedWithTheRuntimeClientOnTheSameUrl()
      throws Exception {
    int port = BerthProcesses.freePort();
    berth.up(port);
    SageMakerClient sm = BerthProcesses.client(port, "test", "test");
    SageMakerRuntimeClient runtime = BerthProcesses.runtimeClient(port, "test", "test");
    String url = OnnxModels.writeMlpTarGz(models).toUri().toString();
    sm.createModel(
        r ->
            r.modelName("mlp")
                .primaryContainer(ContainerDefinition.builder().modelDataUrl(url).build()));
    sm.createEndpointConfig(
        r ->
            r.endpointConfigName("mlp-config")
                .productionVariants(
                    ProductionVariant.builder()
                        .variantName("AllTraffic")
                        .modelName("mlp")
                        .instanceType("ml.m5.large")
                        .initialInstanceCount(1)
                        .build()));
    sm.createEndpoint(r -> r.endpointName("demo").endpointConfigName("mlp-config"));
    sm.waiter().waitUntilEndpointInService(r -> r.endpointName("demo"), quick());

    // InService means invocable: no waiting for the route table beyond the status.
    InvokeEndpointResponse answer =
        runtime.invokeEndpoint(
            r ->
                r.endpointName("demo")
                    .contentType("application/json")
                    .body(SdkBytes.fromUtf8String("{\"instances\": [[1, 2, 3, 4]]}")));
    assertThat(answer.invokedProductionVariant()).isEqualTo("AllTraffic");
    JsonNode row = new ObjectMapper().readTree(answer.body().asUtf8String()).at("/predictions/0");
    float[] expected = OnnxModels.mlp(new float[] {1, 2, 3, 4});
    assertThat(row.size()).isEqualTo(expected.length);
    for (int i = 0; i < expected.length; i++) {
      assertThat(row.get(i).floatValue()).isCloseTo(expected[i], within(1e-5f));
    }
    assertThat(invocationMetrics())
        .contains("Invocations_total{")
        .contains("EndpointName=\"demo\"");

    sm.deleteEndpoint(r -> r.endpointName("demo"));
    sm.waiter().waitUntilEndpointDeleted(r -> r.endpointName("demo"), quick());
    assertThatThrownBy(
            () ->
                runtime.invokeEndpoint(
                    r ->
                        r.endpointName("demo")
                            .contentType("application/json")
                            .body(SdkBytes.fromUtf8String("{\"instances\": [[1, 2, 3, 4]]}"))))
        .isInstanceOfSatisfying(
            SageMakerRuntimeException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError"));
  }

  /** The data plane's /metrics, at the address {@code berth up} printed. */
  private String invocationMetrics() throws Exception {
    Matcher m = INVOCATION_METRICS.matcher(berth.lastLog());
    assertThat(m.find()).as(berth.lastLog()).isTrue();
    HttpResponse<String> metrics =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(m.group(1))).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.statusCode()).isEqualTo(200);
    return metrics.body();
  }

  private static Consumer<WaiterOverrideConfiguration.Builder> quick() {
    return o ->
        o.maxAttempts(600)
            .backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(200)));
  }
}
