package dev.berth.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.controlplane.persistence.EmbeddedDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;

/** Everything lives in PostgreSQL: a restarted database and control plane find it all again. */
class RestartIT {
  @TempDir Path dataDir;

  @Test
  void modelsConfigurationsEndpointsAndTagsSurviveARestartOfDatabaseAndControlPlane() {
    Path pg = dataDir.resolve("postgres");
    try (EmbeddedDatabase db = EmbeddedDatabase.start(pg, 0);
        ControlPlane cp = start(db)) {
      SageMakerClient sm = client(cp);
      Fixtures.endpoint(sm, "durable");
    }
    try (EmbeddedDatabase db = EmbeddedDatabase.start(pg, 0);
        ControlPlane cp = start(db)) {
      SageMakerClient sm = client(cp);
      assertThat(sm.describeModel(r -> r.modelName("durable-m")).modelName())
          .isEqualTo("durable-m");
      assertThat(
              sm.describeEndpointConfig(r -> r.endpointConfigName("durable-c"))
                  .productionVariants())
          .hasSize(1);
      assertThat(sm.describeEndpoint(r -> r.endpointName("durable")).endpointStatus())
          .isEqualTo(EndpointStatus.CREATING);
    }
  }

  private static ControlPlane start(EmbeddedDatabase db) {
    return ControlPlane.start(
        ControlPlaneConfig.of("127.0.0.1", 0, db.config())
            .withBootstrapKey(ControlPlaneConfig.BootstrapKey.LOOPBACK));
  }

  private static SageMakerClient client(ControlPlane cp) {
    return SageMakerClient.builder()
        .endpointOverride(java.net.URI.create("http://127.0.0.1:" + cp.port()))
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }
}
