package dev.berth.controlplane.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.berth.controlplane.ControlPlane;
import dev.berth.controlplane.ControlPlaneConfig;
import dev.berth.controlplane.TestDatabase;
import dev.berth.controlplane.admin.AdminClient;
import dev.berth.controlplane.orchestrator.local.LocalOrchestrator;
import dev.berth.controlplane.orchestrator.local.LocalSettings;
import dev.berth.controlplane.persistence.DatabaseConfig;
import dev.berth.controlplane.testing.LocalRuntimes;
import dev.berth.controlplane.testing.RouteRows;
import dev.berth.runtime.engine.OnnxModels;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.ContainerDefinition;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariant;

/**
 * Endpoints served by real runtime processes: the control plane, its reconciler and the local
 * orchestrator over a real ONNX model, driven through the AWS SDK.
 */
class LocalEndpointIT {
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
  private DatabaseConfig db;
  private ControlPlane first;
  private ControlPlane second;

  @AfterEach
  void stop() {
    for (ControlPlane cp : new ControlPlane[] {second, first}) {
      if (cp != null) {
        cp.close();
      }
    }
  }

  private ControlPlane start(String dataDir) {
    LocalOrchestrator local =
        new LocalOrchestrator(
            LocalSettings.of(LocalRuntimes.command(), dir.resolve(dataDir))
                .withRestartBackoff(Duration.ofMillis(200), Duration.ofSeconds(1))
                .withStopGracePeriod(Duration.ofSeconds(5)));
    return ControlPlane.start(
        ControlPlaneConfig.of("127.0.0.1", 0, db)
            .withBootstrapKey(ControlPlaneConfig.BootstrapKey.LOOPBACK),
        local,
        SETTINGS);
  }

  @Test
  void anEndpointRunsOnRuntimeProcessesThroughItsWholeLife() throws Exception {
    db = TestDatabase.fresh("local_endpoint_it");
    first = start("data-1");
    SageMakerClient sm = client(first);
    String url = OnnxModels.writeMlpTarGz(dir).toUri().toString();
    sm.createModel(
        r ->
            r.modelName("mlp")
                .executionRoleArn("arn:aws:iam::123456789012:role/berth")
                .primaryContainer(ContainerDefinition.builder().modelDataUrl(url).build()));
    for (String config : List.of("mlp-1", "mlp-2")) {
      sm.createEndpointConfig(
          r ->
              r.endpointConfigName(config)
                  .productionVariants(
                      ProductionVariant.builder()
                          .variantName("AllTraffic")
                          .modelName("mlp")
                          .instanceType("ml.m5.large")
                          .initialInstanceCount(1)
                          .build()));
    }

    long start = System.nanoTime();
    sm.createEndpoint(r -> r.endpointName("Mlp").endpointConfigName("mlp-1"));
    waitInService(sm);
    System.out.printf(
        "[LocalEndpointIT] CreateEndpoint to InService: %d ms%n",
        (System.nanoTime() - start) / 1_000_000);
    String address = single(RouteRows.addresses(db, "Mlp"));
    float[] x = {1, 2, 3, 4};
    assertThat(LocalRuntimes.predict(address, x)).containsExactly(OnnxModels.mlp(x));
    assertThat(LocalRuntimes.running()).hasSize(1);

    // kill -9 the runtime: it is restarted and the route table follows it to its new port.
    LocalRuntimes.running().get(0).destroyForcibly();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              List<String> now = RouteRows.addresses(db, "Mlp");
              return now.size() == 1 && !now.get(0).equals(address);
            });
    assertThat(LocalRuntimes.predict(single(RouteRows.addresses(db, "Mlp")), x))
        .containsExactly(OnnxModels.mlp(x));

    // Blue/green update: a new process for the new configuration, then the old one goes.
    sm.updateEndpoint(r -> r.endpointName("Mlp").endpointConfigName("mlp-2"));
    DescribeEndpointResponse updated = waitInService(sm);
    assertThat(updated.endpointConfigName()).isEqualTo("mlp-2");
    await().atMost(Duration.ofSeconds(30)).until(() -> LocalRuntimes.running().size() == 1);
    assertThat(RouteRows.describe(db, "Mlp")).singleElement().asString().contains("mlp-2");

    // A second control plane on the same database waits while the first reconciles...
    second = start("data-2");
    Thread.sleep(1500);
    assertThat(second.reconciler().orElseThrow().leader()).isFalse();
    assertThat(LocalRuntimes.running()).hasSize(1);
    // ...and takes over, with its own runtimes, when the first goes.
    first.close();
    first = null;
    await().atMost(Duration.ofSeconds(30)).until(() -> second.reconciler().orElseThrow().leader());
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                RouteRows.addresses(db, "Mlp").size() == 1 && LocalRuntimes.running().size() == 1);
    assertThat(LocalRuntimes.predict(single(RouteRows.addresses(db, "Mlp")), x))
        .containsExactly(OnnxModels.mlp(x));

    SageMakerClient sm2 = client(second);
    sm2.deleteEndpoint(r -> r.endpointName("Mlp"));
    sm2.waiter().waitUntilEndpointDeleted(r -> r.endpointName("Mlp"), quick());
    await().atMost(Duration.ofSeconds(20)).until(() -> LocalRuntimes.running().isEmpty());
    assertThat(RouteRows.describe(db, "Mlp")).isEmpty();
  }

  private static String single(List<String> addresses) {
    assertThat(addresses).hasSize(1);
    return addresses.get(0);
  }

  private static DescribeEndpointResponse waitInService(SageMakerClient sm) {
    return sm.waiter()
        .waitUntilEndpointInService(r -> r.endpointName("Mlp"), quick())
        .matched()
        .response()
        .orElseThrow();
  }

  private static Consumer<WaiterOverrideConfiguration.Builder> quick() {
    return o ->
        o.maxAttempts(600)
            .backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(200)));
  }

  private static SageMakerClient client(ControlPlane cp) throws Exception {
    URI url = URI.create("http://127.0.0.1:" + cp.port());
    var key =
        new AdminClient(url, "us-east-1", "test", "test")
            .createAccessKey("444455556666", List.of(), false);
    return SageMakerClient.builder()
        .endpointOverride(url)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(
                    key.get("AccessKeyId").asText(), key.get("SecretAccessKey").asText())))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }
}
