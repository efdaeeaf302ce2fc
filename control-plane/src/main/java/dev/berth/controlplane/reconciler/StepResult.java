package dev.berth.controlplane.reconciler;

import dev.berth.controlplane.orchestrator.FleetId;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What one reconciliation step decided beyond the changes to the endpoint's row.
 *
 * @param routes the endpoint's route table rows from now on
 * @param remove fleets to remove once the row is committed (so a crash in between leaves a fleet
 *     the next step removes again, never a row that points at a removed fleet)
 * @param recheck when to look at the endpoint again
 * @param deleteRow true when the endpoint is gone (DeleteEndpoint finished)
 */
record StepResult(List<Route> routes, Set<FleetId> remove, Duration recheck, boolean deleteRow) {
  StepResult {
    routes = List.copyOf(routes);
    remove = Set.copyOf(remove);
  }

  static StepResult deleted() {
    return new StepResult(List.of(), Set.of(), Duration.ZERO, true);
  }
}
