package dev.berth.controlplane.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.controlplane.domain.EndpointStatus;
import java.time.Instant;

/**
 * An endpoint as one reconciliation step sees it, read with its row locked; the step changes the
 * fields and the store writes them back in the same transaction.
 */
final class EndpointRow {
  long id;
  String account;
  String region;
  String name;
  EndpointStatus status;
  String failureReason;
  Instant creationTime;
  Instant lastModifiedTime;

  /** The live configuration. */
  Generation live;

  /** The configuration being deployed by UpdateEndpoint, or null. */
  Generation pending;

  Instant pendingStartTime;

  /** The DeploymentConfig of the last create or update, or null. */
  JsonNode deploymentConfig;

  /** Progress of a traffic shift, or null. */
  Rollout rollout;

  /** Moves the status, enforcing the lifecycle (spec §2.16). */
  void moveTo(EndpointStatus next, Instant now) {
    if (next == status) {
      return;
    }
    if (!status.canMoveTo(next)) {
      throw new IllegalStateException(
          "endpoint " + id + " cannot move from " + status + " to " + next);
    }
    status = next;
    lastModifiedTime = now;
  }
}
