package dev.berth.controlplane.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.controlplane.api.WireJson;
import dev.berth.controlplane.domain.EndpointStatus;
import dev.berth.controlplane.orchestrator.FakeOrchestrator;
import dev.berth.controlplane.orchestrator.FleetId;
import dev.berth.controlplane.orchestrator.InstancePhase;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EndpointStepTest {
  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
  private final ReconcilerSettings settings =
      ReconcilerSettings.defaults()
          .withTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(2));
  private final EndpointStep step = new EndpointStep(settings);
  private final FakeOrchestrator orchestrator = new FakeOrchestrator().readyAfter(Duration.ZERO);

  @AfterEach
  void close() {
    orchestrator.close();
  }

  @Test
  void creatingBecomesInServiceWhenEveryInstanceIsReady() throws Exception {
    orchestrator.readyAfter(Duration.ofHours(1));
    EndpointRow row = creating(generation(1, "c1", 2));

    StepResult first = step.run(row, Set.of(), orchestrator, T0.plusSeconds(1));
    assertThat(row.status).isEqualTo(EndpointStatus.Creating);
    assertThat(first.routes()).isEmpty();
    assertThat(first.recheck()).isEqualTo(settings.progressInterval());

    orchestrator.readyAfter(Duration.ZERO);
    StepResult second = step.run(row, existing(row), orchestrator, T0.plusSeconds(2));
    assertThat(row.status).isEqualTo(EndpointStatus.InService);
    assertThat(row.lastModifiedTime).isEqualTo(T0.plusSeconds(2));
    ObjectNode state = row.live.variantState("AllTraffic");
    assertThat(state.get("CurrentInstanceCount").asInt()).isEqualTo(2);
    assertThat(state.get("CurrentWeight").floatValue()).isEqualTo(1.0f);
    assertThat(second.routes())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.instances()).hasSize(2);
              assertThat(r.trafficShare()).isEqualTo(1.0);
              assertThat(r.routingStrategy()).isEqualTo("LEAST_OUTSTANDING_REQUESTS");
            });
    assertThat(orchestrator.fleetsCreated()).isEqualTo(1);
    assertThat(orchestrator.instancesStarted()).isEqualTo(2);
  }

  @Test
  void aModelThatCannotLoadFailsTheEndpointWithTheRuntimesReason() throws Exception {
    orchestrator.failWhen(
        s -> true,
        InstancePhase.MODEL_FAILED,
        "Failed to download model data from s3://b/k: 404 Not Found");
    EndpointRow row = creating(generation(1, "c1", 1));

    StepResult result = step.run(row, Set.of(), orchestrator, T0.plusSeconds(1));

    assertThat(row.status).isEqualTo(EndpointStatus.Failed);
    assertThat(row.failureReason)
        .isEqualTo("Failed to download model data from s3://b/k: 404 Not Found");
    assertThat(result.routes()).isEmpty();
    assertThat(result.remove()).containsExactly(new FleetId(7, 1, "AllTraffic"));
  }

  @Test
  void anInstanceThatNeverPassesPingFailsAfterTheStartupTimeout() throws Exception {
    orchestrator.readyAfter(Duration.ofHours(1));
    EndpointRow row = creating(generation(1, "c1", 1));

    step.run(row, Set.of(), orchestrator, T0.plusSeconds(59));
    assertThat(row.status).isEqualTo(EndpointStatus.Creating);
    step.run(row, existing(row), orchestrator, T0.plusSeconds(60));

    assertThat(row.status).isEqualTo(EndpointStatus.Failed);
    assertThat(row.failureReason)
        .startsWith(
            "The primary container for production variant AllTraffic did not pass the ping health"
                + " check");
  }

  @Test
  void unschedulableInstancesFailOnlyAfterTheCapacityWait() throws Exception {
    orchestrator.failWhen(s -> true, InstancePhase.UNSCHEDULABLE, "0/3 nodes have nvidia.com/gpu");
    EndpointRow row = creating(generation(1, "c1", 1));

    step.run(row, Set.of(), orchestrator, T0.plusSeconds(29));
    assertThat(row.status).isEqualTo(EndpointStatus.Creating);
    step.run(row, existing(row), orchestrator, T0.plusSeconds(30));

    assertThat(row.status).isEqualTo(EndpointStatus.Failed);
    assertThat(row.failureReason)
        .contains("Unable to provision requested ML compute capacity")
        .contains("ml.m5.large")
        .contains("0/3 nodes have nvidia.com/gpu");
  }

  @Test
  void allAtOnceUpdateSwitchesTrafficWhenTheNewFleetIsReadyThenRemovesTheOld() throws Exception {
    EndpointRow row = inService(generation(1, "c1", 1));
    row.pending = generation(2, "c2", 1);
    row.pendingStartTime = T0;
    row.moveTo(EndpointStatus.Updating, T0);
    orchestrator.readyAfter(Duration.ofHours(1));

    StepResult launching = step.run(row, existing(row), orchestrator, T0.plusSeconds(1));
    assertThat(launching.routes()).extracting(Route::configId).containsExactly(1L);
    assertThat(row.rollout.phase()).isEqualTo(Rollout.Phase.PROVISIONING);

    orchestrator.readyAfter(Duration.ZERO);
    StepResult switched = step.run(row, orchestrator.fleets(), orchestrator, T0.plusSeconds(2));
    assertThat(switched.routes()).extracting(Route::configId).containsExactly(2L);
    assertThat(row.rollout.phase()).isEqualTo(Rollout.Phase.TERMINATING);
    assertThat(row.status).isEqualTo(EndpointStatus.Updating);
    assertThat(switched.remove()).isEmpty();

    StepResult promoted = step.run(row, orchestrator.fleets(), orchestrator, T0.plusSeconds(4));
    assertThat(row.status).isEqualTo(EndpointStatus.InService);
    assertThat(row.live.configId()).isEqualTo(2);
    assertThat(row.pending).isNull();
    assertThat(row.rollout).isNull();
    assertThat(promoted.remove()).containsExactly(new FleetId(7, 1, "AllTraffic"));
    assertThat(promoted.routes()).extracting(Route::configId).containsExactly(2L);
  }

  @Test
  void canaryUpdateSendsTheCanaryShareFirst() throws Exception {
    EndpointRow row = inService(generation(1, "c1", 1));
    row.pending = generation(2, "c2", 1);
    row.pendingStartTime = T0;
    row.deploymentConfig =
        WireJson.parse(
            "{\"BlueGreenUpdatePolicy\":{\"TrafficRoutingConfiguration\":{\"Type\":\"CANARY\","
                + "\"WaitIntervalInSeconds\":60,\"CanarySize\":{\"Type\":\"CAPACITY_PERCENT\","
                + "\"Value\":10}},\"TerminationWaitInSeconds\":30}}");
    row.moveTo(EndpointStatus.Updating, T0);

    StepResult canary = step.run(row, existing(row), orchestrator, T0.plusSeconds(1));
    assertThat(row.rollout.phase()).isEqualTo(Rollout.Phase.SHIFTING);
    assertThat(canary.routes())
        .extracting(Route::configId, Route::trafficShare)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(1L, (double) 0.9f),
            org.assertj.core.groups.Tuple.tuple(2L, (double) 0.1f));

    step.run(row, orchestrator.fleets(), orchestrator, T0.plusSeconds(30));
    assertThat(row.rollout.share()).isEqualTo(0.1);
    step.run(row, orchestrator.fleets(), orchestrator, T0.plusSeconds(61));
    assertThat(row.rollout.phase()).isEqualTo(Rollout.Phase.TERMINATING);
    assertThat(row.rollout.until()).isEqualTo(T0.plusSeconds(91));
    step.run(row, orchestrator.fleets(), orchestrator, T0.plusSeconds(91));
    assertThat(row.status).isEqualTo(EndpointStatus.InService);
    assertThat(row.live.configId()).isEqualTo(2);
  }

  @Test
  void aFailedUpdateRollsBackToTheOldFleetWithAReason() throws Exception {
    EndpointRow row = inService(generation(1, "c1", 1));
    row.pending = generation(2, "c2", 1);
    row.pendingStartTime = T0;
    row.moveTo(EndpointStatus.Updating, T0);
    orchestrator.failWhen(
        s -> s.id().configId() == 2, InstancePhase.CRASH_LOOPING, "Segmentation fault");

    StepResult result = step.run(row, existing(row), orchestrator, T0.plusSeconds(1));

    assertThat(row.status).isEqualTo(EndpointStatus.InService);
    assertThat(row.live.configId()).isEqualTo(1);
    assertThat(row.pending).isNull();
    assertThat(row.failureReason)
        .isEqualTo(
            "The primary container for production variant AllTraffic exited repeatedly (3"
                + " restarts): Segmentation fault.");
    assertThat(result.remove()).containsExactly(new FleetId(7, 2, "AllTraffic"));
    assertThat(result.routes()).extracting(Route::configId).containsExactly(1L);
  }

  @Test
  void scalingChangesWeightsAtOnceAndCountsWhenReady() throws Exception {
    EndpointRow row = inService(generation(1, "c1", 1));
    ObjectNode state = row.live.variantState("AllTraffic");
    state.put("DesiredInstanceCount", 3);
    state.put("DesiredWeight", 0.5f);
    row.moveTo(EndpointStatus.Updating, T0);
    orchestrator.readyAfter(Duration.ofHours(1));

    StepResult scaling = step.run(row, existing(row), orchestrator, T0.plusSeconds(1));
    assertThat(row.status).isEqualTo(EndpointStatus.Updating);
    assertThat(state.get("CurrentWeight").floatValue()).isEqualTo(0.5f);
    assertThat(scaling.routes()).singleElement().extracting(Route::variantWeight).isEqualTo(0.5);

    orchestrator.readyAfter(Duration.ZERO);
    step.run(row, existing(row), orchestrator, T0.plusSeconds(2));
    assertThat(row.status).isEqualTo(EndpointStatus.InService);
    assertThat(state.get("CurrentInstanceCount").asInt()).isEqualTo(3);
  }

  @Test
  void deletingRemovesEveryFleetThenTheRow() throws Exception {
    EndpointRow row = inService(generation(1, "c1", 1));
    row.moveTo(EndpointStatus.Deleting, T0);

    StepResult removing = step.run(row, existing(row), orchestrator, T0.plusSeconds(1));
    assertThat(removing.deleteRow()).isFalse();
    assertThat(removing.routes()).isEmpty();
    assertThat(removing.remove()).containsExactly(new FleetId(7, 1, "AllTraffic"));
    orchestrator.remove(new FleetId(7, 1, "AllTraffic"));

    assertThat(step.run(row, orchestrator.fleets(), orchestrator, T0.plusSeconds(2)).deleteRow())
        .isTrue();
  }

  @Test
  void aMissingModelDefinitionFailsCreationWithAClearReason() throws Exception {
    Generation g = generation(1, "c1", 1);
    g.models().removeAll();
    EndpointRow row = creating(g);

    step.run(row, Set.of(), orchestrator, T0.plusSeconds(1));

    assertThat(row.status).isEqualTo(EndpointStatus.Failed);
    assertThat(row.failureReason)
        .isEqualTo("Could not find model \"m1\" for production variant AllTraffic.");
  }

  /** Runs the create to InService, so the fleet exists. */
  private EndpointRow inService(Generation live) throws Exception {
    EndpointRow row = creating(live);
    step.run(row, Set.of(), orchestrator, T0);
    assertThat(row.status).isEqualTo(EndpointStatus.InService);
    return row;
  }

  private Set<FleetId> existing(EndpointRow row) throws Exception {
    return orchestrator.fleets();
  }

  private static EndpointRow creating(Generation live) {
    EndpointRow row = new EndpointRow();
    row.id = 7;
    row.account = "123456789012";
    row.region = "us-east-1";
    row.name = "MyEndpoint";
    row.status = EndpointStatus.Creating;
    row.creationTime = T0;
    row.lastModifiedTime = T0;
    row.live = live;
    return row;
  }

  private static Generation generation(long configId, String name, int count) {
    ObjectNode config =
        (ObjectNode)
            WireJson.parse(
                "{\"ProductionVariants\":[{\"VariantName\":\"AllTraffic\",\"ModelName\":\"m1\","
                    + "\"InstanceType\":\"ml.m5.large\",\"InitialInstanceCount\":"
                    + count
                    + ",\"InitialVariantWeight\":1.0}]}");
    ArrayNode variants =
        (ArrayNode)
            WireJson.parse(
                "[{\"VariantName\":\"AllTraffic\",\"InstanceType\":\"ml.m5.large\","
                    + "\"DesiredInstanceCount\":"
                    + count
                    + ",\"CurrentInstanceCount\":0,\"DesiredWeight\":1.0,\"CurrentWeight\":0.0}]");
    ObjectNode models =
        (ObjectNode)
            WireJson.parse(
                "{\"m1\":{\"PrimaryContainer\":{\"Image\":\"berth\","
                    + "\"ModelDataUrl\":\"s3://b/k/model.tar.gz\",\"Environment\":{\"A\":\"1\"}}}}");
    return new Generation(configId, name, config, variants, models);
  }
}
