package dev.berth.controlplane.orchestrator.local;

import dev.berth.controlplane.orchestrator.FleetId;
import java.net.http.HttpClient;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * What every {@link LocalInstance} of one orchestrator shares.
 *
 * @param settings how runtimes are run
 * @param scheduler the orchestrator's own threads: starts, restarts, pings, exits
 * @param http the client that polls {@code /ping}
 * @param records the pid files
 * @param self this control plane's process, the parent of every runtime
 * @param changed called when an instance of a fleet changed phase or address
 */
record InstanceContext(
    LocalSettings settings,
    ScheduledExecutorService scheduler,
    HttpClient http,
    InstanceRecords records,
    ProcessHandle self,
    Consumer<FleetId> changed) {}
