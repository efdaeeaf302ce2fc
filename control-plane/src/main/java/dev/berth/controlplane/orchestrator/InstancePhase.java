package dev.berth.controlplane.orchestrator;

/**
 * What one instance of a fleet is doing, as the orchestrator sees it. The orchestrator reports
 * facts; the reconciler decides what they mean for the endpoint (how long to wait, when to fail).
 */
public enum InstancePhase {
  /** Accepted but not placed: no node (or no local slot) has room for its instance type yet. */
  UNSCHEDULABLE,
  /** Placed; the container is starting, fetching its model or warming up. */
  STARTING,
  /** {@code GET /ping} answers 200: it may receive traffic. */
  READY,
  /** The container said its model cannot be loaded (artifact download, corrupt model…). */
  MODEL_FAILED,
  /** Its image cannot be pulled (wrong name, no access). */
  IMAGE_PULL_FAILED,
  /** It keeps exiting and being restarted. */
  CRASH_LOOPING
}
