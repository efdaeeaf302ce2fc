package dev.berth.controlplane.orchestrator;

import java.util.List;
import java.util.Objects;

/**
 * What runs of one fleet right now.
 *
 * @param id which fleet
 * @param exists false if the orchestrator has nothing for it (never created, or removed)
 * @param instances its instances, in a stable order (by name)
 */
public record FleetStatus(FleetId id, boolean exists, List<InstanceState> instances) {
  public FleetStatus {
    Objects.requireNonNull(id, "id");
    instances = List.copyOf(instances);
  }

  /** A fleet the orchestrator does not run. */
  public static FleetStatus absent(FleetId id) {
    return new FleetStatus(id, false, List.of());
  }

  /** How many instances may receive traffic. */
  public int readyCount() {
    return (int) instances.stream().filter(InstanceState::ready).count();
  }

  /** The addresses of the ready instances, in instance order. */
  public List<String> readyAddresses() {
    return instances.stream()
        .filter(InstanceState::ready)
        .map(i -> i.address().orElseThrow())
        .toList();
  }
}
