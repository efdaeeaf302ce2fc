package dev.berth.controlplane.orchestrator;

import java.util.Objects;
import java.util.Optional;

/**
 * One instance of a fleet.
 *
 * @param name the instance's name (pod name, or {@code <fleet>-<n>} for a local process)
 * @param address {@code host:port} where it serves {@code /ping} and {@code /invocations}; empty
 *     until it has one
 * @param phase what it is doing
 * @param detail a human sentence for non-ready phases (the container's own reason where it gave
 *     one, e.g. the runtime's model-load failure); empty when there is nothing to say
 * @param restarts how many times it has been restarted
 */
public record InstanceState(
    String name, Optional<String> address, InstancePhase phase, String detail, int restarts) {
  public InstanceState {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(phase, "phase");
    detail = detail == null ? "" : detail;
  }

  /** True if it may receive traffic now. */
  public boolean ready() {
    return phase == InstancePhase.READY && address.isPresent();
  }
}
