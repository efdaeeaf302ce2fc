package dev.berth.controlplane.orchestrator.local;

import dev.berth.controlplane.orchestrator.FleetId;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the pid file {@code <data-dir>/instances/<fleet>/<instance>.json} says of a running
 * instance, so that a control plane restarted after {@code kill -9} can find and stop what it left
 * behind.
 *
 * @param pid the runtime's process id
 * @param startedAt when that process started, as the operating system says ({@link Instant} text),
 *     or null if unknown; with the pid it names the process even after pids are reused
 * @param port the port it serves on
 * @param ownerPid the control plane that started it
 * @param ownerStartedAt when the control plane started, or null if unknown
 * @param endpointId the fleet's endpoint
 * @param configId the fleet's endpoint configuration
 * @param variantName the fleet's production variant
 * @param fleet the fleet's name
 * @param instance the instance's name
 * @param command the command it was started with
 */
record InstanceRecord(
    long pid,
    String startedAt,
    int port,
    long ownerPid,
    String ownerStartedAt,
    long endpointId,
    long configId,
    String variantName,
    String fleet,
    String instance,
    List<String> command) {

  InstanceRecord {
    Objects.requireNonNull(fleet, "fleet");
    Objects.requireNonNull(instance, "instance");
    command = command == null ? List.of() : List.copyOf(command);
  }

  /** The record of {@code process}, started by {@code owner} for {@code instance} of {@code id}. */
  static InstanceRecord of(
      ProcessHandle process,
      int port,
      ProcessHandle owner,
      FleetId id,
      String instance,
      List<String> command) {
    return new InstanceRecord(
        process.pid(),
        startOf(process),
        port,
        owner.pid(),
        startOf(owner),
        id.endpointId(),
        id.configId(),
        id.variantName(),
        id.name(),
        instance,
        command);
  }

  /** The fleet it belongs to. */
  FleetId fleetId() {
    return new FleetId(endpointId, configId, variantName);
  }

  /**
   * True if {@code process} is the process this record describes: the same start time where both
   * are known, and the same command line (its last argument, e.g. {@code runtime} or the main
   * class, where the arguments can be read; else the executable's name).
   */
  boolean describes(ProcessHandle process) {
    if (process.pid() != pid) {
      return false;
    }
    ProcessHandle.Info info = process.info();
    Optional<String> started = info.startInstant().map(Instant::toString);
    if (startedAt != null && started.isPresent() && !started.get().equals(startedAt)) {
      return false;
    }
    if (command.isEmpty()) {
      return false;
    }
    Optional<String[]> arguments = info.arguments();
    if (arguments.isPresent() && command.size() > 1) {
      List<String> actual = Arrays.asList(arguments.get());
      return !actual.isEmpty()
          && actual.get(actual.size() - 1).equals(command.get(command.size() - 1));
    }
    return info.command()
        .map(c -> Path.of(c).getFileName().equals(Path.of(command.get(0)).getFileName()))
        .orElse(false);
  }

  /**
   * True if the control plane that wrote this record is still running (and is not {@code self}).
   */
  boolean ownedByAnotherLiveProcess(ProcessHandle self) {
    if (ownerPid == self.pid()) {
      return false;
    }
    return ProcessHandle.of(ownerPid)
        .filter(ProcessHandle::isAlive)
        .filter(
            owner ->
                ownerStartedAt == null
                    || owner
                        .info()
                        .startInstant()
                        .map(Instant::toString)
                        .map(ownerStartedAt::equals)
                        .orElse(true))
        .isPresent();
  }

  private static String startOf(ProcessHandle process) {
    return process.info().startInstant().map(Instant::toString).orElse(null);
  }
}
