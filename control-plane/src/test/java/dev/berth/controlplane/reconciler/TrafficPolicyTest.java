package dev.berth.controlplane.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.controlplane.api.WireJson;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TrafficPolicyTest {
  @Test
  void noDeploymentConfigIsAllAtOnceWithoutWaits() {
    TrafficPolicy p = TrafficPolicy.of(null, 4);
    assertThat(p.type()).isEqualTo(TrafficPolicy.Type.ALL_AT_ONCE);
    assertThat(p.next(0)).isEqualTo(1);
    assertThat(p.waitInterval()).isZero();
  }

  @Test
  void canaryByInstanceCountIsAShareOfTheNewFleet() {
    TrafficPolicy p =
        TrafficPolicy.of(
            WireJson.parse(
                "{\"BlueGreenUpdatePolicy\":{\"TrafficRoutingConfiguration\":{\"Type\":\"CANARY\","
                    + "\"WaitIntervalInSeconds\":120,\"CanarySize\":{\"Type\":\"INSTANCE_COUNT\","
                    + "\"Value\":1}},\"TerminationWaitInSeconds\":60,"
                    + "\"MaximumExecutionTimeoutInSeconds\":900}}"),
            4);
    assertThat(p.next(0)).isEqualTo(0.25);
    assertThat(p.next(0.25)).isEqualTo(1);
    assertThat(p.waitInterval()).isEqualTo(Duration.ofSeconds(120));
    assertThat(p.terminationWait()).isEqualTo(Duration.ofSeconds(60));
    assertThat(p.maximumExecution()).isEqualTo(Duration.ofSeconds(900));
  }

  @Test
  void linearStepsUpToAll() {
    TrafficPolicy p =
        TrafficPolicy.of(
            WireJson.parse(
                "{\"BlueGreenUpdatePolicy\":{\"TrafficRoutingConfiguration\":{\"Type\":\"LINEAR\","
                    + "\"WaitIntervalInSeconds\":10,\"LinearStepSize\":{\"Type\":\"CAPACITY_PERCENT\","
                    + "\"Value\":40}}}}"),
            10);
    assertThat(p.next(0)).isEqualTo(0.4);
    assertThat(p.next(0.4)).isEqualTo(0.8);
    assertThat(p.next(0.8)).isEqualTo(1);
  }

  @Test
  void aRollingPolicyShiftsLinearlyByItsBatchSize() {
    TrafficPolicy p =
        TrafficPolicy.of(
            WireJson.parse(
                "{\"RollingUpdatePolicy\":{\"MaximumBatchSize\":{\"Type\":\"INSTANCE_COUNT\","
                    + "\"Value\":1},\"WaitIntervalInSeconds\":5}}"),
            2);
    assertThat(p.type()).isEqualTo(TrafficPolicy.Type.LINEAR);
    assertThat(p.next(0)).isEqualTo(0.5);
    assertThat(p.waitInterval()).isEqualTo(Duration.ofSeconds(5));
  }
}
