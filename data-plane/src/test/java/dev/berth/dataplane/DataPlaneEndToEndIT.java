package dev.berth.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.controlplane.ControlPlane;
import dev.berth.controlplane.ControlPlaneConfig;
import dev.berth.controlplane.TestDatabase;
import dev.berth.controlplane.admin.AdminClient;
import dev.berth.controlplane.orchestrator.local.LocalOrchestrator;
import dev.berth.controlplane.orchestrator.local.LocalSettings;
import dev.berth.controlplane.persistence.DatabaseConfig;
import dev.berth.controlplane.reconciler.ReconcilerSettings;
import dev.berth.controlplane.testing.LocalRuntimes;
import dev.berth.runtime.engine.OnnxModels;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.ContainerDefinition;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariant;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;

/**
 * The whole path a user takes, on one URL: the data plane in front, passing the SageMaker API
 * through to the control plane, whose reconciler runs the endpoint as a real runtime process; then
 * InvokeEndpoint through the data plane to that process, with the AWS SDK's own clients.
 */
class DataPlaneEndToEndIT {
  private static final ReconcilerSettings SETTINGS =
      new ReconcilerSettings(
          2,
          Duration.ofMillis(200),
          Duration.ofSeconds(1),
          Duration.ofSeconds(2),
          Duration.ofSeconds(120),
          Duration.ofSeconds(30),
          Duration.ofMillis(500),
          Duration.ofSeconds(2),
          ReconcilerSettings.defaults().runtimeImages());

  @TempDir Path dir;
  private ControlPlane controlPlane;
  private DataPlane dataPlane;

  @AfterEach
  void stop() {
    if (dataPlane != null) {
      dataPlane.close();
    }
    if (controlPlane != null) {
      controlPlane.close();
    }
  }

  @Test
  void anEndpointIsCreatedAndInvokedThroughOneUrl() throws Exception {
    DatabaseConfig db = TestDatabase.fresh("data_plane_e2e_it");
    controlPlane =
        ControlPlane.start(
            ControlPlaneConfig.of("127.0.0.1", 0, db)
                .withBootstrapKey(ControlPlaneConfig.BootstrapKey.LOOPBACK),
            new LocalOrchestrator(
                LocalSettings.of(LocalRuntimes.command(), dir.resolve("data"))
                    .withStopGracePeriod(Duration.ofSeconds(5))),
            SETTINGS);
    dataPlane =
        DataPlane.start(
            DataPlaneConfig.builder(
                    new DataPlaneConfig.Database(db.jdbcUrl(), db.user(), db.password()))
                .port(0)
                .adminPort(-1)
                .passThrough("127.0.0.1:" + controlPlane.port())
                .build());
    URI url = URI.create("http://127.0.0.1:" + dataPlane.port());
    JsonNode key =
        new AdminClient(url, "us-east-1", "test", "test")
            .createAccessKey("210987654321", List.of(), false);
    StaticCredentialsProvider credentials =
        StaticCredentialsProvider.create(
            AwsBasicCredentials.create(
                key.get("AccessKeyId").asText(), key.get("SecretAccessKey").asText()));
    SageMakerClient sm =
        SageMakerClient.builder()
            .endpointOverride(url)
            .region(Region.US_EAST_1)
            .credentialsProvider(credentials)
            .httpClient(UrlConnectionHttpClient.create())
            .build();
    SageMakerRuntimeClient runtime =
        SageMakerRuntimeClient.builder()
            .endpointOverride(url)
            .region(Region.US_EAST_1)
            .credentialsProvider(credentials)
            .httpClient(UrlConnectionHttpClient.create())
            .build();

    String modelUrl = OnnxModels.writeMlpTarGz(dir).toUri().toString();
    sm.createModel(
        r ->
            r.modelName("mlp")
                .executionRoleArn("arn:aws:iam::210987654321:role/berth")
                .primaryContainer(ContainerDefinition.builder().modelDataUrl(modelUrl).build()));
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
    sm.createEndpoint(r -> r.endpointName("Mlp").endpointConfigName("mlp-config"));
    sm.waiter()
        .waitUntilEndpointInService(
            r -> r.endpointName("Mlp"),
            o ->
                o.maxAttempts(600)
                    .backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(200))));

    float[] x = {1, 2, 3, 4};
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> dataPlane.routes().find("210987654321", "us-east-1", "Mlp") != null);
    InvokeEndpointResponse answer =
        runtime.invokeEndpoint(
            r ->
                r.endpointName("Mlp")
                    .contentType("application/json")
                    .body(SdkBytes.fromUtf8String("{\"instances\": [[1, 2, 3, 4]]}")));
    assertThat(answer.invokedProductionVariant()).isEqualTo("AllTraffic");
    assertThat(predictions(answer.body().asUtf8String())).containsExactly(OnnxModels.mlp(x));

    assertThatThrownBy(
            () ->
                runtime.invokeEndpoint(
                    r ->
                        r.endpointName("Mlp")
                            .contentType("application/json")
                            .body(SdkBytes.fromUtf8String("{\"instances\": [[1, 2]]}"))))
        .isInstanceOfSatisfying(
            ModelErrorException.class,
            e -> {
              assertThat(e.originalStatusCode()).isEqualTo(400);
              assertThat(e.awsErrorDetails().errorMessage())
                  .startsWith("Received client error (400) from primary with message");
            });

    try (SageMakerRuntimeAsyncClient async =
        SageMakerRuntimeAsyncClient.builder()
            .endpointOverride(url)
            .region(Region.US_EAST_1)
            .credentialsProvider(credentials)
            .httpClient(NettyNioAsyncHttpClient.create())
            .build()) {
      List<String> parts = new ArrayList<>();
      async
          .invokeEndpointWithResponseStream(
              r ->
                  r.endpointName("Mlp")
                      .contentType("application/json")
                      .body(SdkBytes.fromUtf8String("{\"instances\": [[1, 2, 3, 4]]}")),
              InvokeEndpointWithResponseStreamResponseHandler.builder()
                  .subscriber(
                      InvokeEndpointWithResponseStreamResponseHandler.Visitor.builder()
                          .onPayloadPart(p -> parts.add(p.bytes().asUtf8String()))
                          .build())
                  .build())
          .get();
      assertThat(predictions(String.join("", parts))).containsExactly(OnnxModels.mlp(x));
    }

    sm.deleteEndpoint(r -> r.endpointName("Mlp"));
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThatThrownBy(
                        () ->
                            runtime.invokeEndpoint(
                                r -> r.endpointName("Mlp").body(SdkBytes.fromUtf8String("{}"))))
                    .isInstanceOfSatisfying(
                        AwsServiceException.class,
                        e ->
                            assertThat(e.awsErrorDetails().errorMessage())
                                .isEqualTo("Endpoint Mlp of account 210987654321 not found.")));
  }

  private static float[] predictions(String json) throws Exception {
    JsonNode row = new ObjectMapper().readTree(json).get("predictions").get(0);
    float[] values = new float[row.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = row.get(i).floatValue();
    }
    return values;
  }
}
