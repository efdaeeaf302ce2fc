package dev.berth.controlplane.orchestrator.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.controlplane.orchestrator.InstancePhase;
import dev.berth.controlplane.orchestrator.InstanceState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PodInstancesTest {
  private static PodCondition condition(String type, String status, String reason, String message) {
    return new PodConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .build();
  }

  private static Pod pod(String phase, String ip, ContainerStatus container, PodCondition... cs) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("berth-e1-c7-alltraffic-abc-x1")
        .endMetadata()
        .withNewStatus()
        .withPhase(phase)
        .withPodIP(ip)
        .withConditions(List.of(cs))
        .withContainerStatuses(container == null ? List.of() : List.of(container))
        .endStatus()
        .build();
  }

  private static ContainerStatusBuilder container(int restarts) {
    return new ContainerStatusBuilder().withName("model").withRestartCount(restarts);
  }

  private static ContainerStatus waiting(int restarts, String reason, String message) {
    return container(restarts)
        .withNewState()
        .withNewWaiting()
        .withReason(reason)
        .withMessage(message)
        .endWaiting()
        .endState()
        .build();
  }

  private static final PodCondition SCHEDULED = condition("PodScheduled", "True", null, null);
  private static final PodCondition READY = condition("Ready", "True", null, null);
  private static final PodCondition NOT_READY =
      condition("Ready", "False", "ContainersNotReady", "containers with unready status: [model]");

  private static InstanceState state(Pod pod) {
    return PodInstances.of(pod, 8080).orElseThrow();
  }

  @Test
  void aReadyPodIsReadyAtItsAddress() {
    InstanceState s =
        state(pod("Running", "10.1.2.3", container(0).withReady(true).build(), SCHEDULED, READY));
    assertThat(s.phase()).isEqualTo(InstancePhase.READY);
    assertThat(s.address()).contains("10.1.2.3:8080");
    assertThat(s.ready()).isTrue();
    assertThat(s.detail()).isEmpty();
  }

  @Test
  void anIpv6AddressIsBracketed() {
    assertThat(state(pod("Running", "fd00::7", null, SCHEDULED, READY)).address())
        .contains("[fd00::7]:8080");
  }

  @Test
  void aScheduledPodThatIsNotReadyIsStartingWithWhatItWaitsFor() {
    InstanceState s =
        state(pod("Pending", null, waiting(0, "ContainerCreating", null), SCHEDULED, NOT_READY));
    assertThat(s.phase()).isEqualTo(InstancePhase.STARTING);
    assertThat(s.address()).isEmpty();
    assertThat(s.detail()).isEqualTo("ContainerCreating");
  }

  @Test
  void aPodBeingDeletedIsNeverReady() {
    Pod pod = pod("Running", "10.1.2.3", null, SCHEDULED, READY);
    pod.getMetadata().setDeletionTimestamp("2026-11-27T21:00:00Z");
    InstanceState s = state(pod);
    assertThat(s.phase()).isEqualTo(InstancePhase.STARTING);
    assertThat(s.detail()).isEqualTo("The pod is being deleted.");
  }

  @Test
  void anUnschedulablePodCarriesTheSchedulersMessage() {
    String message = "0/3 nodes are available: 3 Insufficient nvidia.com/gpu.";
    InstanceState s =
        state(
            pod(
                "Pending",
                null,
                null,
                condition("PodScheduled", "False", "Unschedulable", message)));
    assertThat(s.phase()).isEqualTo(InstancePhase.UNSCHEDULABLE);
    assertThat(s.detail()).isEqualTo(message);
  }

  @Test
  void imagePullFailuresAreReportedWithTheirMessage() {
    for (String reason : List.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName")) {
      InstanceState s =
          state(
              pod(
                  "Pending",
                  "10.1.2.3",
                  waiting(0, reason, "Back-off pulling image \"nope:1\""),
                  SCHEDULED,
                  NOT_READY));
      assertThat(s.phase()).as(reason).isEqualTo(InstancePhase.IMAGE_PULL_FAILED);
      assertThat(s.detail()).isEqualTo(reason + ": Back-off pulling image \"nope:1\"");
    }
  }

  @Test
  void aCrashLoopCarriesTheLastTerminationMessage() {
    ContainerStatus c =
        container(5)
            .withNewState()
            .withNewWaiting()
            .withReason("CrashLoopBackOff")
            .withMessage("back-off 5m0s restarting failed container")
            .endWaiting()
            .endState()
            .withNewLastState()
            .withNewTerminated()
            .withExitCode(1)
            .withReason("Error")
            .withMessage("starting\nException in thread \"main\" java.lang.OutOfMemoryError\n\n")
            .endTerminated()
            .endLastState()
            .build();
    InstanceState s = state(pod("Running", "10.1.2.3", c, SCHEDULED, NOT_READY));
    assertThat(s.phase()).isEqualTo(InstancePhase.CRASH_LOOPING);
    assertThat(s.restarts()).isEqualTo(5);
    assertThat(s.detail())
        .isEqualTo(
            "The container exited with code 1 (Error) and was restarted 5 times: starting"
                + " | Exception in thread \"main\" java.lang.OutOfMemoryError");
  }

  @Test
  void threeRestartsAreACrashLoopEvenWhileRunning() {
    ContainerStatus c =
        container(3).withNewState().withNewRunning().endRunning().endState().build();
    assertThat(state(pod("Running", "10.1.2.3", c, SCHEDULED, NOT_READY)).phase())
        .isEqualTo(InstancePhase.CRASH_LOOPING);
    ContainerStatus two = container(2).build();
    assertThat(state(pod("Running", "10.1.2.3", two, SCHEDULED, NOT_READY)).phase())
        .isEqualTo(InstancePhase.STARTING);
  }

  @Test
  void theRuntimesModelFailureIsModelFailed() {
    ContainerStatus c =
        container(1)
            .withNewLastState()
            .withNewTerminated()
            .withExitCode(143)
            .withMessage(
                "[main] INFO Runtime listening on 0.0.0.0:8080 (model loading, epoll)\n"
                    + "[vert.x-worker-thread-0] ERROR dev.berth.runtime.server.RuntimeServer -"
                    + " Model failed to load: no model file in s3://models/x.tar.gz\n"
                    + "\tat dev.berth.runtime.ModelSource.load(ModelSource.java:40)\n")
            .endTerminated()
            .endLastState()
            .build();
    InstanceState s = state(pod("Running", "10.1.2.3", c, SCHEDULED, NOT_READY));
    assertThat(s.phase()).isEqualTo(InstancePhase.MODEL_FAILED);
    assertThat(s.detail()).isEqualTo("no model file in s3://models/x.tar.gz");
  }

  @Test
  void theRuntimesTerminationMessageIsModelFailedOnTheFirstRestart() {
    // What the runtime writes to /dev/termination-log before it exits (BERTH_EXIT_ON_LOAD_FAILURE).
    ContainerStatus c =
        container(1)
            .withNewState()
            .withNewWaiting()
            .withReason("CrashLoopBackOff")
            .endWaiting()
            .endState()
            .withNewLastState()
            .withNewTerminated()
            .withExitCode(1)
            .withReason("Error")
            .withMessage(
                "Model failed to load: OnnxRuntime cannot load model.onnx on gpu(0): Protobuf"
                    + " parsing failed\nwhile reading model.onnx")
            .endTerminated()
            .endLastState()
            .build();
    InstanceState s = state(pod("Running", "10.1.2.3", c, SCHEDULED, NOT_READY));
    assertThat(s.phase()).isEqualTo(InstancePhase.MODEL_FAILED);
    assertThat(s.restarts()).isEqualTo(1);
    assertThat(s.detail())
        .isEqualTo(
            "OnnxRuntime cannot load model.onnx on gpu(0): Protobuf parsing failed\nwhile reading"
                + " model.onnx");
  }

  @Test
  void aContainerThatHasJustExitedWithTheMessageIsModelFailedBeforeItsRestart() {
    ContainerStatus c =
        container(0)
            .withNewState()
            .withNewTerminated()
            .withExitCode(1)
            .withMessage("Model failed to load: No model file in /opt/ml/model\n")
            .endTerminated()
            .endState()
            .build();
    InstanceState s = state(pod("Running", "10.1.2.3", c, SCHEDULED, NOT_READY));
    assertThat(s.phase()).isEqualTo(InstancePhase.MODEL_FAILED);
    assertThat(s.detail()).isEqualTo("No model file in /opt/ml/model");
  }

  @Test
  void aReadyPodIsReadyWhateverItsPast() {
    ContainerStatus c =
        container(4)
            .withReady(true)
            .withNewLastState()
            .withNewTerminated()
            .withExitCode(137)
            .withReason("OOMKilled")
            .endTerminated()
            .endLastState()
            .build();
    assertThat(state(pod("Running", "10.1.2.3", c, SCHEDULED, READY)).phase())
        .isEqualTo(InstancePhase.READY);
  }

  @Test
  void finishedPodsAreNoInstances() {
    assertThat(PodInstances.of(pod("Failed", "10.1.2.3", null, SCHEDULED), 8080)).isEmpty();
    assertThat(PodInstances.of(pod("Succeeded", null, null), 8080)).isEmpty();
  }

  @Test
  void longDetailsAreCut() {
    List<PodCondition> cs = new ArrayList<>();
    cs.add(condition("PodScheduled", "False", "Unschedulable", "x".repeat(5000)));
    Optional<InstanceState> s =
        PodInstances.of(pod("Pending", null, null, cs.toArray(new PodCondition[0])), 8080);
    assertThat(s.orElseThrow().detail()).hasSizeLessThanOrEqualTo(800);
  }
}
