package dev.berth.controlplane.orchestrator.local;

import dev.berth.controlplane.orchestrator.FleetId;
import dev.berth.controlplane.orchestrator.FleetSpec;
import dev.berth.controlplane.orchestrator.FleetStatus;
import dev.berth.controlplane.orchestrator.InstanceState;
import dev.berth.controlplane.orchestrator.Orchestrator;
import dev.berth.controlplane.orchestrator.OrchestratorException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code local} orchestrator: every instance of a fleet is a model runtime child process of
 * this control plane, listening on a free loopback port, named {@code <fleet>-<n>}.
 *
 * <ul>
 *   <li>Each process gets the model's {@code Environment} plus {@code SAGEMAKER_BIND_TO_PORT},
 *       {@code BERTH_MODEL_DATA_URL} ({@code BERTH_MODEL_COMPRESSION=None}, {@code
 *       SAGEMAKER_MULTI_MODEL=true} where the model says so), {@code BERTH_RUNTIME_CACHE} (one
 *       artifact cache for all, so a second instance does not fetch the model again), {@code
 *       BERTH_PARENT_PID}, and {@code BERTH_ALLOW_SPINNING=false} unless the model's {@code
 *       Environment} sets it (the instances share this machine's cores); its output is appended to
 *       {@code <logs>/<fleet>/<instance>.log}.
 *   <li>Readiness is {@code GET /ping}, polled on the orchestrator's own threads: 200 is {@code
 *       READY}; 503 {@code ModelLoadFailed} is {@code MODEL_FAILED} with the runtime's reason, and
 *       the process is stopped, not restarted; anything else is {@code STARTING}.
 *   <li>A process that dies is started again after a back-off (1 s doubling to 30 s by default);
 *       after {@value LocalInstance#CRASH_LOOP_AFTER} restarts without becoming ready it is {@code
 *       CRASH_LOOPING}, with the end of its log as detail, and still restarted, as Kubernetes does.
 *   <li>A model with its own {@code image} cannot run here: its instances are reported as {@code
 *       IMAGE_PULL_FAILED} at once ("The local orchestrator runs Berth's runtime only; it cannot
 *       run image …"), like a pod whose image cannot be pulled, and the reconciler fails the
 *       endpoint with that sentence.
 *   <li>Scaling down stops the highest-numbered instances first; stopping is SIGTERM (the runtime
 *       drains), then SIGKILL after the grace period. {@link #remove} returns true once every
 *       process is gone; {@link #close} stops them all, in parallel.
 * </ul>
 *
 * <p>Crash safety: a pid file {@code <data-dir>/instances/<fleet>/<instance>.json} exists while a
 * process runs. If the control plane is killed with {@code -9}, its runtimes see their parent gone
 * and stop themselves ({@code BERTH_PARENT_PID}); whatever is left is found by the next
 * orchestrator on the same data directory when it is constructed: a live process that is the one
 * the file describes (pid, start time, command line) is stopped, and the file deleted. The new
 * orchestrator starts with no fleets ({@link #fleets} reports what runs in memory); the reconciler
 * re-applies what its endpoints need, so instances come back on new ports and routes are
 * republished.
 *
 * <p>No method waits for a process: starting, polling, restarting and stopping happen on the
 * orchestrator's own two threads.
 *
 * <p>Usage: {@code Orchestrator local = new LocalOrchestrator(LocalSettings.of(command, dataDir));}
 */
public final class LocalOrchestrator implements Orchestrator {
  private static final Logger LOG = LoggerFactory.getLogger(LocalOrchestrator.class);
  private static final Duration KILL_WAIT = Duration.ofSeconds(5);

  private final LocalSettings settings;
  private final ScheduledThreadPoolExecutor scheduler;
  private final InstanceContext context;
  private final Map<FleetId, LocalFleet> fleets = new ConcurrentHashMap<>();
  private final List<Consumer<FleetId>> listeners = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  /** Starts the orchestrator's threads and stops what a previous one left behind. */
  public LocalOrchestrator(LocalSettings settings) {
    this.settings = settings;
    AtomicInteger threads = new AtomicInteger();
    this.scheduler =
        new ScheduledThreadPoolExecutor(
            2,
            task -> {
              Thread thread =
                  new Thread(task, "berth-local-orchestrator-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    scheduler.setRemoveOnCancelPolicy(true);
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(settings.pingTimeout())
            .build();
    this.context =
        new InstanceContext(
            settings,
            scheduler,
            http,
            new InstanceRecords(settings.instancesDir()),
            ProcessHandle.current(),
            this::changed);
    stopLeftovers();
  }

  @Override
  public String name() {
    return "local";
  }

  /** Its processes are children of this JVM: one control plane at a time may run them. */
  @Override
  public boolean machineLocal() {
    return true;
  }

  @Override
  public void apply(FleetSpec spec) throws OrchestratorException {
    boolean changed = false;
    while (true) {
      if (closed) {
        throw OrchestratorException.transientFailure("The local orchestrator is closed.", null);
      }
      LocalFleet fleet = fleets.computeIfAbsent(spec.id(), LocalFleet::new);
      synchronized (fleet) {
        if (fleet.discarded) {
          continue; // removed meanwhile: start a new one
        }
        while (fleet.instances.size() > spec.instanceCount()) {
          LocalInstance last = fleet.instances.pollLastEntry().getValue();
          LOG.info("Scaling {} down: stopping {}", spec.id().name(), last.name());
          fleet.retire(last);
          changed = true;
        }
        for (int n = 0; n < spec.instanceCount(); n++) {
          if (!fleet.instances.containsKey(n)) {
            LocalInstance instance = new LocalInstance(context, spec, n);
            fleet.instances.put(n, instance);
            instance.begin();
            changed = true;
          }
        }
        fleet.leavingGone();
      }
      break;
    }
    if (changed) {
      changed(spec.id());
    }
  }

  @Override
  public FleetStatus observe(FleetId id) {
    LocalFleet fleet = fleets.get(id);
    if (fleet == null) {
      return FleetStatus.absent(id);
    }
    synchronized (fleet) {
      if (fleet.discarded) {
        return FleetStatus.absent(id);
      }
      List<InstanceState> states = new ArrayList<>();
      for (LocalInstance instance : fleet.instances.values()) {
        states.add(instance.state());
      }
      return new FleetStatus(id, true, states);
    }
  }

  @Override
  public boolean remove(FleetId id) {
    LocalFleet fleet = fleets.get(id);
    if (fleet == null) {
      return true;
    }
    synchronized (fleet) {
      if (fleet.discarded) {
        return true;
      }
      boolean hadInstances = !fleet.instances.isEmpty();
      for (LocalInstance instance : fleet.instances.values()) {
        fleet.retire(instance);
      }
      fleet.instances.clear();
      if (hadInstances) {
        LOG.info("Removing fleet {}", id.name());
      }
      if (!fleet.leavingGone()) {
        return false;
      }
      fleet.discarded = true;
      fleets.remove(id, fleet);
    }
    changed(id);
    return true;
  }

  @Override
  public Set<FleetId> fleets() {
    return Set.copyOf(fleets.keySet());
  }

  @Override
  public void onChange(Consumer<FleetId> listener) {
    listeners.add(listener);
  }

  /**
   * Stops every process: SIGTERM to all at once, up to the grace period for them to drain, then
   * SIGKILL to what is left. Blocks until they are gone (at most the grace period and a few
   * seconds).
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<LocalInstance> all = new ArrayList<>();
    List<CompletableFuture<Void>> stopped = new ArrayList<>();
    for (LocalFleet fleet : fleets.values()) {
      synchronized (fleet) {
        for (LocalInstance instance : fleet.all()) {
          all.add(instance);
          stopped.add(instance.stop());
        }
      }
    }
    CompletableFuture<Void> everything =
        CompletableFuture.allOf(stopped.toArray(new CompletableFuture[0]));
    if (!await(everything, settings.stopGracePeriod().plusSeconds(1))) {
      all.forEach(LocalInstance::kill);
      if (!await(everything, KILL_WAIT)) {
        LOG.warn("Some runtime processes did not report their exit in time");
      }
    }
    scheduler.shutdownNow();
    fleets.clear();
  }

  private static boolean await(CompletableFuture<Void> future, Duration timeout) {
    try {
      future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException | ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void changed(FleetId id) {
    for (Consumer<FleetId> listener : listeners) {
      try {
        listener.accept(id);
      } catch (RuntimeException e) {
        LOG.warn("An orchestrator listener failed for {}", id.name(), e);
      }
    }
  }

  /** Stops the runtimes a previous orchestrator on this data directory left behind. */
  private void stopLeftovers() {
    List<InstanceRecords.Found> found;
    try {
      found = context.records().all();
    } catch (IOException e) {
      LOG.warn("Pid files under {} could not be read: {}", settings.instancesDir(), e.toString());
      return;
    }
    for (InstanceRecords.Found leftover : found) {
      InstanceRecord record = leftover.record();
      if (record != null && record.ownedByAnotherLiveProcess(context.self())) {
        continue; // another control plane's, still running
      }
      if (record != null) {
        ProcessHandle.of(record.pid())
            .filter(ProcessHandle::isAlive)
            .filter(record::describes)
            .ifPresent(this::stopLeftover);
      }
      try {
        context.records().delete(leftover.file());
      } catch (IOException e) {
        LOG.warn("Pid file {} could not be deleted: {}", leftover.file(), e.toString());
      }
    }
  }

  private void stopLeftover(ProcessHandle process) {
    LOG.warn("Stopping runtime process {} left behind by a previous control plane", process.pid());
    process.destroy();
    scheduler.schedule(
        () -> {
          if (process.isAlive()) {
            process.destroyForcibly();
          }
        },
        settings.stopGracePeriod().toMillis(),
        TimeUnit.MILLISECONDS);
  }
}
