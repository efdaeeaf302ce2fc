package dev.berth.controlplane.domain;

import java.util.EnumSet;
import java.util.Set;

/**
 * The SageMaker endpoint status lifecycle (spec §2.16), with the transitions Berth allows.
 *
 * <p>The API moves an endpoint into {@code Creating}, {@code Updating} and {@code Deleting}; the
 * reconciler moves it on from there.
 */
public enum EndpointStatus {
  /** Taken out of service by the operator; can only be deleted. */
  OutOfService,
  /** CreateEndpoint was accepted; the fleet is being launched. */
  Creating,
  /**
   * UpdateEndpoint or UpdateEndpointWeightsAndCapacities is being applied; the old fleet serves.
   */
  Updating,
  /** Platform maintenance; the fleet keeps serving, no user change is accepted. */
  SystemUpdating,
  /** A failed update is being undone; the old fleet serves. */
  RollingBack,
  /** Every variant has its desired number of ready instances; invocable. */
  InService,
  /** DeleteEndpoint was accepted; instances are being removed, then the endpoint disappears. */
  Deleting,
  /** Creation failed; FailureReason says why. Can only be deleted. */
  Failed,
  /** A rollback failed; the endpoint serves on mixed configurations. */
  UpdateRollbackFailed;

  /** Statuses in which no user change is accepted ("Cannot update in-progress endpoint"). */
  private static final Set<EndpointStatus> IN_PROGRESS =
      EnumSet.of(Creating, Updating, SystemUpdating, RollingBack, Deleting);

  /** True while a change is under way, so UpdateEndpoint and DeleteEndpoint must be refused. */
  public boolean inProgress() {
    return IN_PROGRESS.contains(this);
  }

  /** True if UpdateEndpoint and UpdateEndpointWeightsAndCapacities may start from here. */
  public boolean acceptsUpdate() {
    return this == InService;
  }

  /** True if DeleteEndpoint may start from here. */
  public boolean acceptsDelete() {
    return !inProgress();
  }

  /** True if {@code next} is a legal next status. */
  public boolean canMoveTo(EndpointStatus next) {
    return switch (this) {
      case Creating -> next == InService || next == Failed;
      case InService -> next == Updating || next == SystemUpdating || next == Deleting;
      case Updating -> next == InService || next == RollingBack || next == UpdateRollbackFailed;
      case RollingBack -> next == InService || next == UpdateRollbackFailed;
      case SystemUpdating -> next == InService;
      case Failed, OutOfService, UpdateRollbackFailed -> next == Deleting;
      case Deleting -> false;
    };
  }
}
