package dev.berth.controlplane.reconciler;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.controlplane.domain.EndpointStatus;
import dev.berth.controlplane.orchestrator.FleetId;
import dev.berth.controlplane.orchestrator.FleetStatus;
import dev.berth.controlplane.orchestrator.Orchestrator;
import dev.berth.controlplane.orchestrator.OrchestratorException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One reconciliation step of one endpoint: makes the orchestrator run the fleets the row asks for,
 * looks at what runs, and moves the row on (status last). Idempotent: run twice on the same row and
 * the same cluster, it asks for the same fleets and decides the same thing.
 *
 * <p>The step runs with the endpoint's row locked, on a reconciler worker thread; it never waits
 * for an instance, it looks again later ({@link StepResult#recheck()}).
 */
final class EndpointStep {
  private final FleetPlanner planner;
  private final FleetHealth health;
  private final ReconcilerSettings settings;

  EndpointStep(ReconcilerSettings settings) {
    this.planner = new FleetPlanner(settings);
    this.health = new FleetHealth(settings);
    this.settings = settings;
  }

  /**
   * Runs the step.
   *
   * @param existing the fleets of this endpoint the orchestrator runs now
   * @throws OrchestratorException when the orchestrator could not be asked (a transient failure:
   *     the caller retries later and the row stays as it was)
   */
  StepResult run(EndpointRow row, Set<FleetId> existing, Orchestrator orchestrator, Instant now)
      throws OrchestratorException {
    switch (row.status) {
      case Deleting -> {
        // Gone means no fleet and no instance left: pods may outlive their Deployment a while.
        Set<FleetId> left = new HashSet<>(existing);
        for (Generation g : new Generation[] {row.live, row.pending}) {
          for (FleetId id : fleetIds(row, g)) {
            if (!orchestrator.observe(id).instances().isEmpty()) {
              left.add(id);
            }
          }
        }
        return left.isEmpty()
            ? StepResult.deleted()
            : new StepResult(List.of(), left, settings.progressInterval(), false);
      }
      case Failed, OutOfService -> {
        return new StepResult(
            List.of(),
            existing,
            existing.isEmpty() ? settings.idleInterval() : settings.progressInterval(),
            false);
      }
      default -> {
        return runFleets(row, existing, orchestrator, now);
      }
    }
  }

  private StepResult runFleets(
      EndpointRow row, Set<FleetId> existing, Orchestrator orchestrator, Instant now)
      throws OrchestratorException {
    List<VariantFleet> live;
    try {
      live = planner.plan(row, row.live);
    } catch (FleetPlanner.PlanException e) {
      return failLive(row, e.getMessage(), existing, now);
    }
    Fleets liveFleets = Fleets.launch(live, orchestrator);
    existing = new HashSet<>(existing);
    existing.addAll(liveFleets.ids());
    if (liveFleets.refusal.isPresent()) {
      return failLive(row, liveFleets.refusal.get(), existing, now);
    }
    if (row.status == EndpointStatus.Creating) {
      return creating(row, liveFleets, existing, now);
    }
    if (row.status == EndpointStatus.Updating && row.pending != null) {
      return deploying(row, liveFleets, existing, orchestrator, now);
    }
    if (row.status == EndpointStatus.Updating) {
      return scaling(row, liveFleets, existing, now);
    }
    return steady(row, liveFleets, existing);
  }

  /** Creating: InService once every variant is ready; Failed when one cannot come up. */
  private StepResult creating(EndpointRow row, Fleets live, Set<FleetId> existing, Instant now) {
    for (VariantFleet fleet : live.fleets) {
      Optional<String> failure =
          health.failure(fleet, live.status(fleet), row.lastModifiedTime, now);
      if (failure.isPresent()) {
        return failLive(row, failure.get(), existing, now);
      }
    }
    if (!live.allSettled()) {
      // DescribeEndpoint's VariantStatus counts down the instances still launching.
      refreshCurrent(row.live, live);
      return new StepResult(
          List.of(), leftovers(existing, live), settings.progressInterval(), false);
    }
    for (VariantFleet fleet : live.fleets) {
      ObjectNode state = row.live.variantState(fleet.variantName());
      state.put("CurrentInstanceCount", live.status(fleet).readyCount());
      state.put("CurrentWeight", state.path("DesiredWeight").floatValue());
    }
    row.failureReason = null;
    row.moveTo(EndpointStatus.InService, now);
    return new StepResult(
        routes(row.live, live, 1), leftovers(existing, live), settings.steadyInterval(), false);
  }

  /** A blue/green UpdateEndpoint: launch, shift traffic per policy, drain, promote or roll back. */
  private StepResult deploying(
      EndpointRow row, Fleets live, Set<FleetId> existing, Orchestrator orchestrator, Instant now)
      throws OrchestratorException {
    refreshCurrent(row.live, live);
    List<VariantFleet> planned;
    try {
      planned = planner.plan(row, row.pending);
    } catch (FleetPlanner.PlanException e) {
      return rollBack(row, e.getMessage(), live, existing, now);
    }
    Fleets pending = Fleets.launch(planned, orchestrator);
    // Fleets this step launched count as existing from here on: a rollback removes them too.
    existing = new HashSet<>(existing);
    existing.addAll(pending.ids());
    if (pending.refusal.isPresent()) {
      return rollBack(row, pending.refusal.get(), live, existing, now);
    }
    long newInstances = planned.stream().mapToLong(f -> f.spec().instanceCount()).sum();
    TrafficPolicy policy = TrafficPolicy.of(row.deploymentConfig, newInstances);
    Instant started = row.pendingStartTime == null ? row.lastModifiedTime : row.pendingStartTime;
    if (policy.maximumExecution() != null
        && Duration.between(started, now).compareTo(policy.maximumExecution()) >= 0) {
      return rollBack(
          row,
          "The update did not complete within MaximumExecutionTimeoutInSeconds ("
              + policy.maximumExecution().toSeconds()
              + " seconds) and was rolled back.",
          live,
          existing,
          now);
    }
    for (VariantFleet fleet : pending.fleets) {
      Optional<String> failure = health.failure(fleet, pending.status(fleet), started, now);
      if (failure.isPresent()) {
        return rollBack(row, failure.get(), live, existing, now);
      }
    }
    Rollout rollout = row.rollout == null ? Rollout.provisioning() : row.rollout;
    rollout = advance(rollout, policy, pending.allSettled(), now);
    if (rollout == null) {
      return promote(row, live, pending, existing, now);
    }
    row.rollout = rollout;
    refreshCurrent(row.pending, pending);
    List<Route> routes = new ArrayList<>(routes(row.live, live, 1 - rollout.share()));
    routes.addAll(routes(row.pending, pending, rollout.share()));
    Set<FleetId> wanted = new HashSet<>(live.ids());
    wanted.addAll(pending.ids());
    Duration recheck = settings.progressInterval();
    if (rollout.until() != null) {
      Duration left = Duration.between(now, rollout.until());
      recheck = left.compareTo(recheck) < 0 ? left : recheck;
    }
    return new StepResult(routes, minus(existing, wanted), recheck, false);
  }

  /** The next state of a rollout, or null when it is complete (the new fleet takes over). */
  private Rollout advance(
      Rollout rollout, TrafficPolicy policy, boolean newFleetReady, Instant now) {
    switch (rollout.phase()) {
      case PROVISIONING -> {
        if (!newFleetReady) {
          return rollout;
        }
        return shifted(policy.next(0), policy, now);
      }
      case SHIFTING -> {
        return rollout.waited(now) ? shifted(policy.next(rollout.share()), policy, now) : rollout;
      }
      case TERMINATING -> {
        return rollout.waited(now) ? null : rollout;
      }
      default -> throw new IllegalStateException("unknown phase " + rollout.phase());
    }
  }

  private Rollout shifted(double share, TrafficPolicy policy, Instant now) {
    if (share < 1) {
      return new Rollout(Rollout.Phase.SHIFTING, share, now.plus(policy.waitInterval()));
    }
    // ALL_AT_ONCE bakes for its wait interval with all traffic on the new fleet; every policy then
    // keeps the old fleet for TerminationWaitInSeconds, and at least long enough to drain.
    Duration keep =
        policy
            .terminationWait()
            .plus(
                policy.type() == TrafficPolicy.Type.ALL_AT_ONCE
                    ? policy.waitInterval()
                    : Duration.ZERO);
    if (keep.compareTo(settings.drainDelay()) < 0) {
      keep = settings.drainDelay();
    }
    return new Rollout(Rollout.Phase.TERMINATING, 1, now.plus(keep));
  }

  private StepResult promote(
      EndpointRow row, Fleets old, Fleets fresh, Set<FleetId> existing, Instant now) {
    for (VariantFleet fleet : fresh.fleets) {
      ObjectNode state = row.pending.variantState(fleet.variantName());
      state.put("CurrentInstanceCount", fresh.status(fleet).readyCount());
      state.put("CurrentWeight", state.path("DesiredWeight").floatValue());
    }
    row.live = row.pending;
    row.pending = null;
    row.pendingStartTime = null;
    row.rollout = null;
    row.failureReason = null;
    row.moveTo(EndpointStatus.InService, now);
    return new StepResult(
        routes(row.live, fresh, 1), minus(existing, fresh.ids()), settings.steadyInterval(), false);
  }

  private StepResult rollBack(
      EndpointRow row, String reason, Fleets live, Set<FleetId> existing, Instant now) {
    row.pending = null;
    row.pendingStartTime = null;
    row.rollout = null;
    row.failureReason = truncate(reason);
    row.moveTo(EndpointStatus.InService, now);
    return new StepResult(
        routes(row.live, live, 1), minus(existing, live.ids()), settings.progressInterval(), false);
  }

  /** UpdateEndpointWeightsAndCapacities: weights at once, instance counts when they are ready. */
  private StepResult scaling(EndpointRow row, Fleets live, Set<FleetId> existing, Instant now) {
    for (VariantFleet fleet : live.fleets) {
      ObjectNode state = row.live.variantState(fleet.variantName());
      state.put("CurrentWeight", state.path("DesiredWeight").floatValue());
    }
    for (VariantFleet fleet : live.fleets) {
      Optional<String> failure =
          health.failure(fleet, live.status(fleet), row.lastModifiedTime, now);
      if (failure.isPresent()) {
        // Back to the counts that ran; the next step scales the fleet back to them.
        for (var state : row.live.variants()) {
          ((ObjectNode) state)
              .put("DesiredInstanceCount", state.path("CurrentInstanceCount").asInt());
        }
        row.failureReason = truncate(failure.get());
        row.moveTo(EndpointStatus.InService, now);
        return new StepResult(
            routes(row.live, live, 1),
            leftovers(existing, live),
            settings.progressInterval(),
            false);
      }
    }
    if (live.allSettled()) {
      refreshCurrent(row.live, live);
      row.failureReason = null;
      row.moveTo(EndpointStatus.InService, now);
      return new StepResult(
          routes(row.live, live, 1), leftovers(existing, live), settings.steadyInterval(), false);
    }
    return new StepResult(
        routes(row.live, live, 1), leftovers(existing, live), settings.progressInterval(), false);
  }

  /** InService (and the other serving states): keep the fleet up, the counts and routes true. */
  private StepResult steady(EndpointRow row, Fleets live, Set<FleetId> existing) {
    refreshCurrent(row.live, live);
    Set<FleetId> leftovers = leftovers(existing, live);
    return new StepResult(
        routes(row.live, live, 1),
        leftovers,
        live.allSettled() && leftovers.isEmpty()
            ? settings.steadyInterval()
            : settings.progressInterval(),
        false);
  }

  /** Creating failed (or the live configuration cannot run): Failed, and its fleets removed. */
  private StepResult failLive(EndpointRow row, String reason, Set<FleetId> existing, Instant now) {
    if (row.status == EndpointStatus.Creating) {
      row.failureReason = truncate(reason);
      row.moveTo(EndpointStatus.Failed, now);
      return new StepResult(List.of(), existing, settings.progressInterval(), false);
    }
    // A serving endpoint whose live fleet cannot be (re)launched keeps its status and says why.
    row.failureReason = truncate(reason);
    return new StepResult(List.of(), Set.of(), settings.progressInterval(), false);
  }

  /** The fleet ids of a generation's variants (none for a null generation). */
  private static List<FleetId> fleetIds(EndpointRow row, Generation generation) {
    List<FleetId> ids = new ArrayList<>();
    if (generation != null) {
      for (var state : generation.variants()) {
        ids.add(new FleetId(row.id, generation.configId(), state.path("VariantName").asText()));
      }
    }
    return ids;
  }

  private static void refreshCurrent(Generation generation, Fleets fleets) {
    for (VariantFleet fleet : fleets.fleets) {
      ObjectNode state = generation.variantState(fleet.variantName());
      if (state != null) {
        state.put("CurrentInstanceCount", fleets.status(fleet).readyCount());
      }
    }
  }

  /** Route rows for a generation's variants with {@code share} of the traffic (none at 0). */
  private static List<Route> routes(Generation generation, Fleets fleets, double share) {
    if (share <= 0) {
      return List.of();
    }
    List<Route> routes = new ArrayList<>();
    for (VariantFleet fleet : fleets.fleets) {
      ObjectNode state = generation.variantState(fleet.variantName());
      double weight =
          state.hasNonNull("CurrentWeight") && state.get("CurrentWeight").floatValue() > 0
              ? state.get("CurrentWeight").floatValue()
              : state.path("DesiredWeight").floatValue();
      routes.add(
          new Route(
              generation.configId(),
              fleet.variantName(),
              generation.configName(),
              share,
              weight,
              fleet.routingStrategy(),
              fleet.spec().container().multiModel(),
              fleet.shadow(),
              fleets.status(fleet).readyAddresses()));
    }
    return routes;
  }

  private static Set<FleetId> leftovers(Set<FleetId> existing, Fleets live) {
    return minus(existing, live.ids());
  }

  private static Set<FleetId> minus(Set<FleetId> all, Set<FleetId> keep) {
    Set<FleetId> out = new HashSet<>(all);
    out.removeAll(keep);
    return out;
  }

  /** FailureReason is at most 1024 characters (spec §2.10). */
  static String truncate(String reason) {
    return reason.length() <= 1024 ? reason : reason.substring(0, 1021) + "...";
  }

  /** The fleets of one generation, applied and observed. */
  private static final class Fleets {
    final List<VariantFleet> fleets;
    final Map<FleetId, FleetStatus> statuses = new HashMap<>();
    Optional<String> refusal = Optional.empty();

    private Fleets(List<VariantFleet> fleets) {
      this.fleets = fleets;
    }

    /** Applies and observes every fleet; a permanent refusal is kept as the generation's. */
    static Fleets launch(List<VariantFleet> planned, Orchestrator orchestrator)
        throws OrchestratorException {
      Fleets fleets = new Fleets(planned);
      for (VariantFleet fleet : planned) {
        try {
          orchestrator.apply(fleet.spec());
        } catch (OrchestratorException e) {
          if (!e.permanent()) {
            throw e;
          }
          fleets.refusal = Optional.of(e.getMessage());
          return fleets;
        }
        fleets.statuses.put(fleet.spec().id(), orchestrator.observe(fleet.spec().id()));
      }
      return fleets;
    }

    FleetStatus status(VariantFleet fleet) {
      return statuses.getOrDefault(fleet.spec().id(), FleetStatus.absent(fleet.spec().id()));
    }

    boolean allSettled() {
      return fleets.stream().allMatch(f -> FleetHealth.settled(f, status(f)));
    }

    Set<FleetId> ids() {
      Set<FleetId> ids = new HashSet<>();
      fleets.forEach(f -> ids.add(f.spec().id()));
      return ids;
    }
  }
}
