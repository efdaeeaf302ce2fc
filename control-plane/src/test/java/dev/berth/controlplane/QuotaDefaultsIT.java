package dev.berth.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.controlplane.admin.AdminClient;
import dev.berth.controlplane.persistence.DatabaseConfig;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.ResourceLimitExceededException;

/** Quota defaults from the operator's file hold for every account, per-type ones included. */
class QuotaDefaultsIT {
  @Test
  void theOperatorsDefaultsApplyToEveryAccountAndAnInstanceTypeCanHaveItsOwn() throws Exception {
    DatabaseConfig db = TestDatabase.fresh("quota_defaults_it");
    try (ControlPlane cp =
        ControlPlane.start(
            ControlPlaneConfig.of("127.0.0.1", 0, db)
                .withBootstrapKey(ControlPlaneConfig.BootstrapKey.LOOPBACK)
                .withQuotaDefaults(
                    Map.of("instance-type:*", 3L, "instance-type:ml.g5.xlarge", 1L)))) {
      URI url = URI.create("http://127.0.0.1:" + cp.port());
      JsonNode key =
          new AdminClient(url, "us-east-1", "test", "test")
              .createAccessKey("135792468024", List.of(), false);
      SageMakerClient sm =
          SageMakerClient.builder()
              .endpointOverride(url)
              .region(Region.US_EAST_1)
              .credentialsProvider(
                  StaticCredentialsProvider.create(
                      AwsBasicCredentials.create(
                          key.get("AccessKeyId").asText(), key.get("SecretAccessKey").asText())))
              .httpClient(UrlConnectionHttpClient.create())
              .build();
      Fixtures.model(sm, "m");
      sm.createEndpointConfig(
          r ->
              r.endpointConfigName("gpu")
                  .productionVariants(Fixtures.variant("A", "m", "ml.g5.xlarge", 1)));
      sm.createEndpointConfig(
          r ->
              r.endpointConfigName("cpu")
                  .productionVariants(Fixtures.variant("A", "m", "ml.m5.large", 3)));

      sm.createEndpoint(r -> r.endpointName("gpu-1").endpointConfigName("gpu"));
      assertThatThrownBy(
              () -> sm.createEndpoint(r -> r.endpointName("gpu-2").endpointConfigName("gpu")))
          .isInstanceOfSatisfying(
              ResourceLimitExceededException.class,
              e ->
                  assertThat(e.awsErrorDetails().errorMessage())
                      .startsWith(
                          "The account-level service limit 'ml.g5.xlarge for endpoint usage' is 1"
                              + " Instances"));
      // Every other type has the file's default of 3.
      sm.createEndpoint(r -> r.endpointName("cpu-1").endpointConfigName("cpu"));
      assertThatThrownBy(
              () -> sm.createEndpoint(r -> r.endpointName("cpu-2").endpointConfigName("cpu")))
          .isInstanceOf(ResourceLimitExceededException.class)
          .hasMessageContaining("'ml.m5.large for endpoint usage' is 3 Instances");
    }
  }
}
