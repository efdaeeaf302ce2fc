package dev.berth.controlplane.orchestrator;

import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs fleets of runtime instances somewhere: as Kubernetes Deployments ({@code kubernetes}) or as
 * child processes of this machine ({@code local}). The reconciler is its only caller.
 *
 * <p>Every method is idempotent and returns quickly: it starts work and reports state, it never
 * waits for an instance to become ready. Calls come from the reconciler's worker threads (never an
 * event loop), possibly several at once for different fleets.
 */
public interface Orchestrator extends AutoCloseable {
  /** The name operators configure it by: {@code local} or {@code kubernetes}. */
  String name();

  /**
   * Makes the fleet exist with {@code spec.instanceCount()} instances running {@code
   * spec.container()}; creates it, or scales it if it exists. Applying the same spec again changes
   * nothing.
   */
  void apply(FleetSpec spec) throws OrchestratorException;

  /** What runs of the fleet now; {@link FleetStatus#absent} if nothing. */
  FleetStatus observe(FleetId id) throws OrchestratorException;

  /**
   * Stops and removes every instance of the fleet. Returns true once nothing of it is left (the
   * reconciler calls again until then); removing an absent fleet returns true.
   */
  boolean remove(FleetId id) throws OrchestratorException;

  /** Every fleet it runs, so the reconciler can remove the ones no endpoint wants any more. */
  Set<FleetId> fleets() throws OrchestratorException;

  /**
   * Registers a listener called (on any thread, quickly) when an instance of a fleet changes phase
   * or address, so the reconciler looks again without waiting for its next pass.
   */
  void onChange(Consumer<FleetId> listener);

  /**
   * True if what it runs lives on this machine only (the {@code local} orchestrator): then only one
   * control-plane replica at a time may reconcile, the others wait as standbys. False when any
   * replica sees the same fleets (Kubernetes), so all of them share the work.
   */
  default boolean machineLocal() {
    return false;
  }

  /** Stops watching. The local orchestrator also stops its processes; Kubernetes keeps its pods. */
  @Override
  void close();
}
