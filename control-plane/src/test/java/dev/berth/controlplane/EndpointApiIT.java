package dev.berth.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.DesiredWeightAndCapacity;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;
import software.amazon.awssdk.services.sagemaker.model.EndpointSummary;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;

/** The endpoint operations and the status lifecycle, through the real SDK client. */
class EndpointApiIT {
  private final ControlPlaneFixture.Account account = ControlPlaneFixture.newAccount();
  private final SageMakerClient sm = account.client();

  @Test
  void aNewEndpointIsCreatingWithItsDeploymentPending() {
    Fixtures.model(sm, "ep-m");
    Fixtures.config(sm, "ep-c", "ep-m", 2);
    String arn =
        sm.createEndpoint(r -> r.endpointName("My-Endpoint").endpointConfigName("EP-C"))
            .endpointArn();
    assertThat(arn).isEqualTo(account.arnPrefix() + "endpoint/my-endpoint");

    DescribeEndpointResponse d = sm.describeEndpoint(r -> r.endpointName("my-endpoint"));
    assertThat(d.endpointName()).isEqualTo("My-Endpoint");
    assertThat(d.endpointArn()).isEqualTo(arn);
    assertThat(d.endpointConfigName()).isEqualTo("ep-c");
    assertThat(d.endpointStatus()).isEqualTo(EndpointStatus.CREATING);
    assertThat(d.hasProductionVariants()).isFalse();
    assertThat(d.failureReason()).isNull();
    assertThat(d.creationTime()).isEqualTo(d.lastModifiedTime());
    var pending = d.pendingDeploymentSummary();
    assertThat(pending.endpointConfigName()).isEqualTo("ep-c");
    assertThat(pending.productionVariants()).hasSize(1);
    assertThat(pending.productionVariants().get(0).desiredInstanceCount()).isEqualTo(2);
    assertThat(pending.productionVariants().get(0).currentInstanceCount()).isZero();
    assertThat(pending.productionVariants().get(0).instanceTypeAsString()).isEqualTo("ml.m5.large");
    assertThat(pending.productionVariants().get(0).variantStatus().get(0).statusMessage())
        .isEqualTo("Launching 2 instance(s).");
  }

  @Test
  void endpointNamesAreUniqueIgnoringCase() {
    Fixtures.endpoint(sm, "twin");
    assertThatThrownBy(
            () -> sm.createEndpoint(r -> r.endpointName("TWIN").endpointConfigName("twin-c")))
        .hasMessageContaining(
            "Cannot create already existing endpoint \""
                + account.arnPrefix()
                + "endpoint/twin\".");
  }

  @Test
  void anEndpointInProgressCannotBeUpdatedOrDeleted() {
    String arn = Fixtures.endpoint(sm, "busy-ep");
    String expected = "Cannot update in-progress endpoint \"" + arn + "\".";
    assertThatThrownBy(
            () -> sm.updateEndpoint(r -> r.endpointName("busy-ep").endpointConfigName("busy-ep-c")))
        .hasMessageContaining(expected);
    assertThatThrownBy(() -> sm.deleteEndpoint(r -> r.endpointName("busy-ep")))
        .hasMessageContaining(expected);
    assertThatThrownBy(
            () ->
                sm.updateEndpointWeightsAndCapacities(
                    r ->
                        r.endpointName("busy-ep")
                            .desiredWeightsAndCapacities(
                                DesiredWeightAndCapacity.builder()
                                    .variantName("AllTraffic")
                                    .desiredWeight(2f)
                                    .build())))
        .hasMessageContaining(expected);
  }

  @Test
  void createEndpointChecksTheConfigurationAndItsModelsExist() {
    assertThatThrownBy(
            () -> sm.createEndpoint(r -> r.endpointName("e1").endpointConfigName("nope")))
        .hasMessageContaining(
            "Could not find endpoint configuration \""
                + account.arnPrefix()
                + "endpoint-config/nope\".");
    Fixtures.model(sm, "doomed");
    Fixtures.config(sm, "orphan-c", "doomed", 1);
    sm.deleteModel(r -> r.modelName("doomed"));
    assertThatThrownBy(
            () -> sm.createEndpoint(r -> r.endpointName("e1").endpointConfigName("orphan-c")))
        .hasMessageContaining("Could not find model \"" + account.arnPrefix() + "model/doomed\".");
    assertThatThrownBy(() -> sm.describeEndpoint(r -> r.endpointName("e1")))
        .isInstanceOfSatisfying(
            SageMakerException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
              assertThat(e.awsErrorDetails().errorMessage())
                  .isEqualTo("Could not find endpoint \"" + account.arnPrefix() + "endpoint/e1\".");
            });
  }

  @Test
  void anInServiceEndpointUpdatesBlueGreenWithTheNewFleetPending() {
    Fixtures.endpoint(sm, "blue");
    Fixtures.config(sm, "green-c", "blue-m", 3);
    Fixtures.setStatus(account.id(), "blue", "InService");

    DescribeEndpointResponse before = sm.describeEndpoint(r -> r.endpointName("blue"));
    assertThat(before.productionVariants()).hasSize(1);
    assertThat(before.productionVariants().get(0).currentInstanceCount()).isEqualTo(1);
    assertThat(before.pendingDeploymentSummary()).isNull();

    sm.updateEndpoint(r -> r.endpointName("blue").endpointConfigName("green-c"));
    DescribeEndpointResponse d = sm.describeEndpoint(r -> r.endpointName("blue"));
    assertThat(d.endpointStatus()).isEqualTo(EndpointStatus.UPDATING);
    assertThat(d.endpointConfigName()).isEqualTo("blue-c");
    assertThat(d.productionVariants().get(0).currentInstanceCount()).isEqualTo(1);
    assertThat(d.pendingDeploymentSummary().endpointConfigName()).isEqualTo("green-c");
    assertThat(d.pendingDeploymentSummary().productionVariants().get(0).desiredInstanceCount())
        .isEqualTo(3);
    // The new configuration is in use now, as is the old one.
    assertThatThrownBy(() -> sm.deleteEndpointConfig(r -> r.endpointConfigName("green-c")))
        .hasMessageContaining("because it is in use by endpoint");
    assertThatThrownBy(() -> sm.deleteEndpointConfig(r -> r.endpointConfigName("blue-c")))
        .hasMessageContaining("because it is in use by endpoint");
  }

  @Test
  void weightsAndCapacitiesChangeDesiredValuesOnly() {
    Fixtures.endpoint(sm, "scaled");
    Fixtures.setStatus(account.id(), "scaled", "InService");
    sm.updateEndpointWeightsAndCapacities(
        r ->
            r.endpointName("scaled")
                .desiredWeightsAndCapacities(
                    DesiredWeightAndCapacity.builder()
                        .variantName("AllTraffic")
                        .desiredInstanceCount(4)
                        .desiredWeight(2f)
                        .build()));
    var v = sm.describeEndpoint(r -> r.endpointName("scaled"));
    assertThat(v.endpointStatus()).isEqualTo(EndpointStatus.UPDATING);
    assertThat(v.productionVariants().get(0).desiredInstanceCount()).isEqualTo(4);
    assertThat(v.productionVariants().get(0).currentInstanceCount()).isEqualTo(1);
    assertThat(v.productionVariants().get(0).desiredWeight()).isEqualTo(2f);
    assertThat(v.productionVariants().get(0).currentWeight()).isEqualTo(1f);
  }

  @Test
  void weightsForUnknownOrRepeatedVariantsAreRefused() {
    Fixtures.endpoint(sm, "weights");
    Fixtures.setStatus(account.id(), "weights", "InService");
    var all =
        DesiredWeightAndCapacity.builder().variantName("AllTraffic").desiredWeight(1f).build();
    var ghost = DesiredWeightAndCapacity.builder().variantName("Ghost").desiredWeight(1f).build();
    assertThatThrownBy(
            () ->
                sm.updateEndpointWeightsAndCapacities(
                    r -> r.endpointName("weights").desiredWeightsAndCapacities(all, all)))
        .hasMessageContaining("The variant name \"AllTraffic\" was non-unique within the request.");
    assertThatThrownBy(
            () ->
                sm.updateEndpointWeightsAndCapacities(
                    r -> r.endpointName("weights").desiredWeightsAndCapacities(ghost)))
        .hasMessageContaining(
            "The variant name(s) \"Ghost\" is/are not present within endpoint configuration \"weights-c\".");
  }

  @Test
  void deletingAnInServiceEndpointMovesItToDeleting() {
    Fixtures.endpoint(sm, "leaving");
    Fixtures.setStatus(account.id(), "leaving", "InService");
    sm.deleteEndpoint(r -> r.endpointName("LEAVING"));
    assertThat(sm.describeEndpoint(r -> r.endpointName("leaving")).endpointStatus())
        .isEqualTo(EndpointStatus.DELETING);
  }

  @Test
  void aFailedEndpointCanOnlyBeDeleted() {
    String arn = Fixtures.endpoint(sm, "broken");
    Fixtures.setStatus(account.id(), "broken", "Failed");
    assertThat(sm.describeEndpoint(r -> r.endpointName("broken")).hasProductionVariants())
        .isFalse();
    assertThatThrownBy(
            () -> sm.updateEndpoint(r -> r.endpointName("broken").endpointConfigName("broken-c")))
        .hasMessageContaining("Cannot update endpoint \"" + arn + "\" in status Failed");
    sm.deleteEndpoint(r -> r.endpointName("broken"));
  }

  @Test
  void listEndpointsFiltersByStatusAndNameAndPages() {
    Fixtures.endpoint(sm, "list-a");
    Fixtures.endpoint(sm, "list-b");
    Fixtures.endpoint(sm, "other");
    Fixtures.setStatus(account.id(), "list-b", "InService");
    assertThat(
            sm.listEndpoints(r -> r.statusEquals(EndpointStatus.IN_SERVICE)).endpoints().stream()
                .map(EndpointSummary::endpointName))
        .containsExactly("list-b");
    assertThat(
            sm
                .listEndpoints(r -> r.nameContains("LIST").sortBy("Name").sortOrder("Ascending"))
                .endpoints()
                .stream()
                .map(EndpointSummary::endpointName))
        .containsExactly("list-a", "list-b");
    List<String> all =
        sm.listEndpointsPaginator(r -> r.maxResults(1)).endpoints().stream()
            .map(EndpointSummary::endpointName)
            .collect(Collectors.toList());
    assertThat(all).containsExactly("other", "list-b", "list-a");
  }

  @Test
  void theEndpointQuotaIsEnforced() throws Exception {
    ControlPlaneFixture.admin().setQuota(account.id(), "us-east-1", "endpoints", 1);
    Fixtures.endpoint(sm, "first");
    assertThatThrownBy(
            () -> sm.createEndpoint(r -> r.endpointName("second").endpointConfigName("first-c")))
        .hasMessageContaining(
            "The account-level service limit 'Number of endpoints' is 1 Endpoints, with current"
                + " utilization of 1 Endpoints and a request delta of 1 Endpoints.");
  }

  @Test
  void theInstanceTypeQuotaCountsEveryEndpointsInstances() throws Exception {
    ControlPlaneFixture.admin().setQuota(account.id(), "us-east-1", "instance-type:ml.m5.large", 3);
    Fixtures.model(sm, "q-m");
    Fixtures.config(sm, "q-c", "q-m", 2);
    sm.createEndpoint(r -> r.endpointName("q1").endpointConfigName("q-c"));
    assertThatThrownBy(() -> sm.createEndpoint(r -> r.endpointName("q2").endpointConfigName("q-c")))
        .hasMessageContaining(
            "The account-level service limit 'ml.m5.large for endpoint usage' is 3 Instances, with"
                + " current utilization of 2 Instances and a request delta of 2 Instances.");
  }

  @Test
  void theSdkWaitersReadTheLifecycle() {
    Fixtures.endpoint(sm, "waited");
    Fixtures.setStatus(account.id(), "waited", "InService");
    var ready =
        sm.waiter()
            .waitUntilEndpointInService(
                r -> r.endpointName("waited"), o -> o.maxAttempts(2).backoffStrategy(fixedDelay()));
    assertThat(ready.matched().response())
        .hasValueSatisfying(
            d -> assertThat(d.endpointStatus()).isEqualTo(EndpointStatus.IN_SERVICE));

    Fixtures.endpoint(sm, "doomed-ep");
    Fixtures.setStatus(account.id(), "doomed-ep", "Failed");
    var failed =
        org.assertj.core.api.Assertions.catchThrowable(
            () ->
                sm.waiter()
                    .waitUntilEndpointInService(
                        r -> r.endpointName("doomed-ep"),
                        o -> o.maxAttempts(2).backoffStrategy(fixedDelay())));
    assertThat(failed).isNotNull();

    var gone =
        sm.waiter()
            .waitUntilEndpointDeleted(
                r -> r.endpointName("never-existed"),
                o -> o.maxAttempts(2).backoffStrategy(fixedDelay()));
    assertThat(gone.matched().exception()).isPresent();
  }

  private static software.amazon.awssdk.core.retry.backoff.BackoffStrategy fixedDelay() {
    return software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy.create(
        java.time.Duration.ofMillis(50));
  }

  @Test
  void scalingUpCountsAgainstTheInstanceQuota() throws Exception {
    ControlPlaneFixture.admin().setQuota(account.id(), "us-east-1", "instances", 3);
    Fixtures.endpoint(sm, "grow");
    Fixtures.setStatus(account.id(), "grow", "InService");
    assertThatThrownBy(
            () ->
                sm.updateEndpointWeightsAndCapacities(
                    r ->
                        r.endpointName("grow")
                            .desiredWeightsAndCapacities(
                                DesiredWeightAndCapacity.builder()
                                    .variantName("AllTraffic")
                                    .desiredInstanceCount(4)
                                    .build())))
        .hasMessageContaining(
            "'Number of instances across all endpoints' is 3 Instances, with current utilization"
                + " of 1 Instances and a request delta of 3 Instances.");
    sm.updateEndpointWeightsAndCapacities(
        r ->
            r.endpointName("grow")
                .desiredWeightsAndCapacities(
                    DesiredWeightAndCapacity.builder()
                        .variantName("AllTraffic")
                        .desiredInstanceCount(3)
                        .build()));
  }
}
