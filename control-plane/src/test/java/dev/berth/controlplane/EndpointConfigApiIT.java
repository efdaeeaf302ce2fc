package dev.berth.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.CaptureOption;
import software.amazon.awssdk.services.sagemaker.model.DataCaptureConfig;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointConfigResponse;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariant;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariantServerlessConfig;
import software.amazon.awssdk.services.sagemaker.model.ResourceInUseException;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;

/** The endpoint-configuration operations through the real SDK client. */
class EndpointConfigApiIT {
  private final ControlPlaneFixture.Account account = ControlPlaneFixture.newAccount();
  private final SageMakerClient sm = account.client();

  @Test
  void aConfigurationEchoesItsVariantsWithDefaultsFilledIn() {
    Fixtures.model(sm, "m1");
    String arn =
        sm.createEndpointConfig(
                r ->
                    r.endpointConfigName("Cfg-One")
                        .productionVariants(
                            Fixtures.variant("A", "m1", "ml.m5.large", 2),
                            Fixtures.variant("B", "M1", "ml.g5.xlarge", 1).toBuilder()
                                .initialVariantWeight(3.0f)
                                .build())
                        .dataCaptureConfig(
                            DataCaptureConfig.builder()
                                .initialSamplingPercentage(50)
                                .destinationS3Uri("s3://capture/here")
                                .captureOptions(
                                    CaptureOption.builder().captureMode("Input").build())
                                .build()))
            .endpointConfigArn();
    assertThat(arn).isEqualTo(account.arnPrefix() + "endpoint-config/cfg-one");

    DescribeEndpointConfigResponse d =
        sm.describeEndpointConfig(r -> r.endpointConfigName("cfg-one"));
    assertThat(d.endpointConfigName()).isEqualTo("Cfg-One");
    assertThat(d.productionVariants()).hasSize(2);
    assertThat(d.productionVariants().get(0).initialVariantWeight()).isEqualTo(1.0f);
    assertThat(d.productionVariants().get(0).initialInstanceCount()).isEqualTo(2);
    assertThat(d.productionVariants().get(1).initialVariantWeight()).isEqualTo(3.0f);
    assertThat(d.productionVariants().get(1).instanceTypeAsString()).isEqualTo("ml.g5.xlarge");
    assertThat(d.dataCaptureConfig().initialSamplingPercentage()).isEqualTo(50);
    assertThat(d.enableNetworkIsolation()).isFalse();
  }

  @Test
  void aConfigurationNamingAMissingModelIsRefused() {
    assertThatThrownBy(() -> Fixtures.config(sm, "cfg-x", "ghost", 1))
        .hasMessageContaining("Could not find model \"" + account.arnPrefix() + "model/ghost\".");
    assertThatThrownBy(() -> sm.describeEndpointConfig(r -> r.endpointConfigName("cfg-x")))
        .hasMessageContaining(
            "Could not find endpoint configuration \""
                + account.arnPrefix()
                + "endpoint-config/cfg-x\".");
  }

  @Test
  void anUnknownInstanceTypeIsACoralEnumViolation() {
    Fixtures.model(sm, "m2");
    assertThatThrownBy(
            () ->
                sm.createEndpointConfig(
                    r ->
                        r.endpointConfigName("c2")
                            .productionVariants(Fixtures.variant("A", "m2", "ml.foo", 1))))
        .isInstanceOfSatisfying(
            SageMakerException.class,
            e ->
                assertThat(e.awsErrorDetails().errorMessage())
                    .startsWith(
                        "1 validation error detected: Value 'ml.foo' at"
                            + " 'productionVariants.1.member.instanceType' failed to satisfy"
                            + " constraint: Member must satisfy enum value set: [")
                    .contains("ml.m5.large"));
  }

  @Test
  void anInstanceVariantNeedsAModelAnInstanceTypeAndACount() {
    assertThatThrownBy(
            () ->
                sm.createEndpointConfig(
                    r ->
                        r.endpointConfigName("c3")
                            .productionVariants(
                                ProductionVariant.builder().variantName("A").build())))
        .isInstanceOfSatisfying(
            SageMakerException.class,
            e ->
                assertThat(e.awsErrorDetails().errorMessage())
                    .isEqualTo(
                        "3 validation errors detected: Value null at 'productionVariants.1.member.modelName'"
                            + " failed to satisfy constraint: Member must not be null; Value null at"
                            + " 'productionVariants.1.member.instanceType' failed to satisfy constraint:"
                            + " Member must not be null; Value null at"
                            + " 'productionVariants.1.member.initialInstanceCount' failed to satisfy"
                            + " constraint: Member must not be null"));
  }

  @Test
  void variantNamesMustBeUnique() {
    Fixtures.model(sm, "m4");
    assertThatThrownBy(
            () ->
                sm.createEndpointConfig(
                    r ->
                        r.endpointConfigName("c4")
                            .productionVariants(
                                Fixtures.variant("A", "m4", "ml.m5.large", 1),
                                Fixtures.variant("A", "m4", "ml.m5.large", 1))))
        .hasMessageContaining("The variant name \"A\" is not unique");
  }

  @Test
  void aServerlessVariantNeedsNoInstanceType() {
    Fixtures.model(sm, "m5");
    sm.createEndpointConfig(
        r ->
            r.endpointConfigName("serverless")
                .productionVariants(
                    ProductionVariant.builder()
                        .variantName("AllTraffic")
                        .modelName("m5")
                        .serverlessConfig(
                            ProductionVariantServerlessConfig.builder()
                                .memorySizeInMB(2048)
                                .maxConcurrency(5)
                                .build())
                        .build()));
    assertThat(
            sm.describeEndpointConfig(r -> r.endpointConfigName("serverless"))
                .productionVariants()
                .get(0)
                .serverlessConfig()
                .maxConcurrency())
        .isEqualTo(5);
  }

  @Test
  void aConfigurationInUseCannotBeDeletedButAnUnusedOneCan() {
    String endpointArn = Fixtures.endpoint(sm, "busy");
    assertThatThrownBy(() -> sm.deleteEndpointConfig(r -> r.endpointConfigName("busy-c")))
        .isInstanceOfSatisfying(
            ResourceInUseException.class,
            e ->
                assertThat(e.awsErrorDetails().errorMessage())
                    .isEqualTo(
                        "Cannot delete endpoint configuration \""
                            + account.arnPrefix()
                            + "endpoint-config/busy-c\" because it is in use by endpoint \""
                            + endpointArn
                            + "\"."));
    Fixtures.config(sm, "idle-c", "busy-m", 1);
    sm.deleteEndpointConfig(r -> r.endpointConfigName("IDLE-c"));
    assertThatThrownBy(() -> sm.describeEndpointConfig(r -> r.endpointConfigName("idle-c")))
        .hasMessageContaining("Could not find endpoint configuration");
  }
}
