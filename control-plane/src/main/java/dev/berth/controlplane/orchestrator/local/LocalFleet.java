package dev.berth.controlplane.orchestrator.local;

import dev.berth.controlplane.orchestrator.FleetId;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One fleet's instances, by ordinal, and the ones on their way out (scaled down or removed: no
 * longer reported, still stopping). Guarded by its own monitor, which the orchestrator holds while
 * it applies, observes or removes the fleet.
 */
final class LocalFleet {
  final FleetId id;
  final NavigableMap<Integer, LocalInstance> instances = new TreeMap<>();
  final List<LocalInstance> leaving = new ArrayList<>();

  /** True once removed from the orchestrator's map: an apply must start a new fleet instead. */
  boolean discarded;

  LocalFleet(FleetId id) {
    this.id = id;
  }

  /** Stops {@code instance} and keeps it among the leaving until it is gone. */
  void retire(LocalInstance instance) {
    instance.stop();
    leaving.add(instance);
  }

  /** True once every leaving instance is gone (and forgets those). */
  boolean leavingGone() {
    leaving.removeIf(LocalInstance::gone);
    return leaving.isEmpty();
  }

  /** Every instance, reported or leaving. */
  List<LocalInstance> all() {
    List<LocalInstance> all = new ArrayList<>(instances.values());
    all.addAll(leaving);
    return all;
  }
}
