package dev.berth.controlplane.reconciler;

import dev.berth.controlplane.orchestrator.FleetStatus;
import dev.berth.controlplane.orchestrator.InstancePhase;
import dev.berth.controlplane.orchestrator.InstanceState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides whether a fleet that is being launched or scaled has failed, and says why in words a user
 * can act on (spec §2.10 wording where SageMaker has one). The orchestrator reports facts; the
 * waits are decided here.
 */
final class FleetHealth {
  private final ReconcilerSettings settings;

  FleetHealth(ReconcilerSettings settings) {
    this.settings = settings;
  }

  /** True once the fleet runs exactly its desired number of instances, all ready. */
  static boolean settled(VariantFleet fleet, FleetStatus status) {
    int desired = fleet.spec().instanceCount();
    return status.exists()
        && status.readyCount() >= desired
        && status.instances().size() == desired;
  }

  /**
   * Why the fleet has failed, or empty while it may still come up.
   *
   * @param since when launching (or scaling) began
   */
  Optional<String> failure(VariantFleet fleet, FleetStatus status, Instant since, Instant now) {
    String variant = fleet.variantName();
    Duration waited = Duration.between(since, now);
    for (InstanceState instance : status.instances()) {
      switch (instance.phase()) {
        case MODEL_FAILED -> {
          return Optional.of(modelFailed(variant, instance.detail()));
        }
        case IMAGE_PULL_FAILED -> {
          return Optional.of(
              "The image \""
                  + fleet.spec().container().image().orElse("berth")
                  + "\" of production variant "
                  + variant
                  + " could not be pulled"
                  + suffix(instance.detail()));
        }
        case CRASH_LOOPING -> {
          return Optional.of(
              "The primary container for production variant "
                  + variant
                  + " exited repeatedly ("
                  + instance.restarts()
                  + " restarts)"
                  + suffix(instance.detail()));
        }
        case UNSCHEDULABLE -> {
          if (waited.compareTo(settings.capacityWait()) >= 0) {
            return Optional.of(
                "Unable to provision requested ML compute capacity for production variant "
                    + variant
                    + " ("
                    + fleet.spec().instanceType()
                    + ") within "
                    + settings.capacityWait().toSeconds()
                    + " seconds"
                    + suffix(instance.detail())
                    + " Please retry using a different ML instance type or fewer instances.");
          }
        }
        default -> {}
      }
    }
    boolean placed =
        status.instances().stream().noneMatch(i -> i.phase() == InstancePhase.UNSCHEDULABLE);
    if (placed
        && status.readyCount() < fleet.spec().instanceCount()
        && waited.compareTo(fleet.spec().startupTimeout()) >= 0) {
      return Optional.of(
          "The primary container for production variant "
              + variant
              + " did not pass the ping health check within "
              + fleet.spec().startupTimeout().toSeconds()
              + " seconds. Please check the logs of its instances.");
    }
    return Optional.empty();
  }

  /** The runtime's own reason (an artifact download, a corrupt model) as a FailureReason. */
  private static String modelFailed(String variant, String detail) {
    if (detail.startsWith("Failed to download model data")) {
      return detail;
    }
    return "The primary container for production variant "
        + variant
        + " could not load its model"
        + suffix(detail);
  }

  private static String suffix(String detail) {
    if (detail == null || detail.isBlank()) {
      return ".";
    }
    String d = detail.strip();
    return ": " + d + (d.endsWith(".") ? "" : ".");
  }
}
