package dev.berth.controlplane.orchestrator.kubernetes;

import dev.berth.controlplane.orchestrator.InstancePhase;
import dev.berth.controlplane.orchestrator.InstanceState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What instance a pod is: its phase, address and detail, from the pod's status alone. In order:
 *
 * <ol>
 *   <li>a pod that has finished ({@code Succeeded}, {@code Failed}, e.g. evicted) is no instance
 *       any more: its ReplicaSet has made another;
 *   <li>{@link InstancePhase#IMAGE_PULL_FAILED}: the container waits with {@code ErrImagePull},
 *       {@code ImagePullBackOff} or {@code InvalidImageName};
 *   <li>{@link InstancePhase#READY}: the {@code Ready} condition is {@code True}, the pod has an IP
 *       and is not being deleted;
 *   <li>{@link InstancePhase#MODEL_FAILED}: the container's last termination message is the one
 *       Berth's runtime writes when it exits because its model cannot be loaded ({@value
 *       #MODEL_FAILURE_MARKER}{@code <reason>}), or (its last log lines, by {@code
 *       FallbackToLogsOnError}) holds the runtime's log line saying so; the reason is the detail;
 *   <li>{@link InstancePhase#CRASH_LOOPING}: it waits with {@code CrashLoopBackOff} or has been
 *       restarted {@value #CRASH_LOOP_RESTARTS} times or more;
 *   <li>{@link InstancePhase#UNSCHEDULABLE}: {@code PodScheduled} is {@code False} for {@code
 *       Unschedulable} (the scheduler's message is the detail);
 *   <li>{@link InstancePhase#STARTING} otherwise, with what it waits for as the detail; a pod being
 *       deleted is at most STARTING, never ready.
 * </ol>
 */
final class PodInstances {
  /**
   * How the runtime's termination message (and its log line) starts when its model cannot be
   * loaded: {@code dev.berth.runtime.server.LoadFailureExit.MESSAGE_PREFIX}.
   */
  static final String MODEL_FAILURE_MARKER = "Model failed to load: ";

  static final int CRASH_LOOP_RESTARTS = 3;

  private static final Set<String> IMAGE_PULL_FAILURES =
      Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull");

  /** A detail may become an endpoint's FailureReason (at most 1024 characters). */
  private static final int MAX_DETAIL = 800;

  private PodInstances() {}

  /** The instance {@code pod} is, or empty for a pod that has finished. */
  static Optional<InstanceState> of(Pod pod, int port) {
    String name = pod.getMetadata().getName();
    PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
    if ("Succeeded".equals(status.getPhase()) || "Failed".equals(status.getPhase())) {
      return Optional.empty();
    }
    Optional<String> address =
        Optional.ofNullable(status.getPodIP())
            .filter(ip -> !ip.isEmpty())
            .map(ip -> hostPort(ip, port));
    boolean deleting = pod.getMetadata().getDeletionTimestamp() != null;
    ContainerStatus container = container(status);
    int restarts =
        container == null || container.getRestartCount() == null ? 0 : container.getRestartCount();
    ContainerStateWaiting waiting =
        container == null || container.getState() == null
            ? null
            : container.getState().getWaiting();
    String waitingReason =
        waiting == null || waiting.getReason() == null ? "" : waiting.getReason();

    if (IMAGE_PULL_FAILURES.contains(waitingReason)) {
      return state(
          name, address, InstancePhase.IMAGE_PULL_FAILED, reasonAndMessage(waiting), restarts);
    }
    if (!deleting && address.isPresent() && conditionIs(status, "Ready", "True")) {
      return state(name, address, InstancePhase.READY, "", restarts);
    }
    ContainerStateTerminated terminated = lastTermination(container);
    Optional<String> modelFailure = modelFailure(terminated);
    if (modelFailure.isPresent()) {
      return state(name, address, InstancePhase.MODEL_FAILED, modelFailure.get(), restarts);
    }
    if (waitingReason.equals("CrashLoopBackOff") || restarts >= CRASH_LOOP_RESTARTS) {
      String detail = terminated != null ? exited(terminated, restarts) : reasonAndMessage(waiting);
      return state(name, address, InstancePhase.CRASH_LOOPING, detail, restarts);
    }
    PodCondition scheduled = condition(status, "PodScheduled");
    if (scheduled != null
        && "False".equals(scheduled.getStatus())
        && "Unschedulable".equals(scheduled.getReason())) {
      return state(
          name,
          address,
          InstancePhase.UNSCHEDULABLE,
          scheduled.getMessage() == null ? "Unschedulable" : scheduled.getMessage(),
          restarts);
    }
    String detail;
    if (deleting) {
      detail = "The pod is being deleted.";
    } else if (waiting != null) {
      detail = reasonAndMessage(waiting);
    } else if (scheduled == null || !"True".equals(scheduled.getStatus())) {
      detail = "Waiting to be scheduled.";
    } else {
      detail = "";
    }
    return state(name, address, InstancePhase.STARTING, detail, restarts);
  }

  private static Optional<InstanceState> state(
      String name, Optional<String> address, InstancePhase phase, String detail, int restarts) {
    return Optional.of(new InstanceState(name, address, phase, cap(detail), restarts));
  }

  private static String hostPort(String ip, int port) {
    return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
  }

  private static ContainerStatus container(PodStatus status) {
    List<ContainerStatus> all = status.getContainerStatuses();
    if (all == null || all.isEmpty()) {
      return null;
    }
    return all.stream()
        .filter(c -> FleetDeployment.CONTAINER.equals(c.getName()))
        .findFirst()
        .orElse(all.get(0));
  }

  /** The termination of the container's last run: the current one if it is terminated now. */
  private static ContainerStateTerminated lastTermination(ContainerStatus container) {
    if (container == null) {
      return null;
    }
    if (container.getState() != null && container.getState().getTerminated() != null) {
      return container.getState().getTerminated();
    }
    return container.getLastState() == null ? null : container.getLastState().getTerminated();
  }

  /** The runtime's reason for not loading its model, from its termination message. */
  private static Optional<String> modelFailure(ContainerStateTerminated terminated) {
    if (terminated == null || terminated.getMessage() == null) {
      return Optional.empty();
    }
    String message = terminated.getMessage().strip();
    // What the runtime wrote to the termination log: the whole of it is the reason.
    if (message.startsWith(MODEL_FAILURE_MARKER)) {
      return Optional.of(message.substring(MODEL_FAILURE_MARKER.length()).strip());
    }
    // Else its log, by FallbackToLogsOnError: the last line that says so.
    String[] lines = message.split("\\R");
    for (int i = lines.length - 1; i >= 0; i--) {
      int at = lines[i].indexOf(MODEL_FAILURE_MARKER);
      if (at >= 0) {
        return Optional.of(lines[i].substring(at + MODEL_FAILURE_MARKER.length()).strip());
      }
    }
    return Optional.empty();
  }

  private static String exited(ContainerStateTerminated t, int restarts) {
    StringBuilder s = new StringBuilder("The container exited");
    if (t.getExitCode() != null) {
      s.append(" with code ").append(t.getExitCode());
    }
    if (t.getReason() != null && !t.getReason().isEmpty()) {
      s.append(" (").append(t.getReason()).append(')');
    }
    s.append(" and was restarted ").append(restarts).append(restarts == 1 ? " time" : " times");
    String tail = lastLines(t.getMessage(), 3);
    if (!tail.isEmpty()) {
      s.append(": ").append(tail);
    }
    return s.toString();
  }

  /** The last {@code n} non-blank lines of a termination message, joined. */
  private static String lastLines(String message, int n) {
    if (message == null) {
      return "";
    }
    List<String> lines =
        Arrays.stream(message.split("\\R")).map(String::strip).filter(l -> !l.isEmpty()).toList();
    return String.join(" | ", lines.subList(Math.max(0, lines.size() - n), lines.size()));
  }

  private static String reasonAndMessage(ContainerStateWaiting waiting) {
    if (waiting == null) {
      return "";
    }
    String reason = waiting.getReason() == null ? "" : waiting.getReason();
    String message = waiting.getMessage() == null ? "" : waiting.getMessage();
    if (message.isEmpty()) {
      return reason;
    }
    return reason.isEmpty() ? message : reason + ": " + message;
  }

  private static boolean conditionIs(PodStatus status, String type, String value) {
    PodCondition c = condition(status, type);
    return c != null && value.equals(c.getStatus());
  }

  private static PodCondition condition(PodStatus status, String type) {
    if (status.getConditions() == null) {
      return null;
    }
    return status.getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElse(null);
  }

  private static String cap(String detail) {
    return detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL - 1) + "…";
  }
}
