package dev.berth.controlplane.orchestrator.local;

import dev.berth.controlplane.orchestrator.ContainerSpec;
import dev.berth.controlplane.orchestrator.FleetSpec;
import dev.berth.controlplane.orchestrator.InstancePhase;
import dev.berth.controlplane.orchestrator.InstanceState;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance of a local fleet: a runtime child process, watched through {@code GET /ping} and
 * started again with back-off when it dies. Its state is guarded by its own monitor; it is driven
 * by the orchestrator (begin, stop) and by the orchestrator's threads (start, ping answers, exits),
 * and never blocks either for long.
 */
final class LocalInstance {
  private static final Logger LOG = LoggerFactory.getLogger(LocalInstance.class);

  /** Restarts without becoming ready before an instance is reported as crash-looping. */
  static final int CRASH_LOOP_AFTER = 3;

  /** Failed pings in a row before a ready instance is no longer reported ready. */
  private static final int READY_FAILURES = 3;

  private static final int LOG_LINES = 5;

  private final InstanceContext context;
  private final FleetSpec spec;
  private final String name;
  private final Path log;
  private final RestartHistory history;
  private final CompletableFuture<Void> gone = new CompletableFuture<>();

  // Guarded by this.
  private Process process;
  private int port;
  private long generation;
  private InstancePhase phase = InstancePhase.STARTING;
  private String detail = "";
  private int failedPings;
  private boolean stopping;
  private boolean terminal;
  private InstanceRecord record;
  private ScheduledFuture<?> next;

  LocalInstance(InstanceContext context, FleetSpec spec, int ordinal) {
    this.context = context;
    this.spec = spec;
    this.name = spec.id().name() + "-" + ordinal;
    this.log = context.settings().logsDir().resolve(spec.id().name()).resolve(name + ".log");
    LocalSettings settings = context.settings();
    this.history =
        new RestartHistory(
            new Backoff(settings.restartBackoff(), settings.maxRestartBackoff()), CRASH_LOOP_AFTER);
    spec.container()
        .image()
        .ifPresent(
            image -> {
              terminal = true;
              phase = InstancePhase.IMAGE_PULL_FAILED;
              detail =
                  "The local orchestrator runs Berth's runtime only; it cannot run image \""
                      + image
                      + "\".";
            });
  }

  String name() {
    return name;
  }

  /**
   * Starts its first process on the orchestrator's threads (nothing for an image it cannot run).
   */
  void begin() {
    synchronized (this) {
      if (terminal || stopping) {
        return;
      }
    }
    submit(() -> start(false));
  }

  /** What it is doing now. */
  synchronized InstanceState state() {
    return new InstanceState(name, address(), phase, detail, history.restarts());
  }

  /**
   * Stops it for good: SIGTERM, SIGKILL after the grace period. The future completes once its
   * process is gone and its pid file deleted. Calling it again changes nothing.
   */
  synchronized CompletableFuture<Void> stop() {
    if (!stopping) {
      stopping = true;
      if (next != null) {
        next.cancel(false);
      }
      if (process == null) {
        gone.complete(null);
      } else {
        terminate(process);
      }
    }
    return gone;
  }

  /** True once it was stopped and nothing of it is left. */
  boolean gone() {
    return gone.isDone();
  }

  /** Kills its process at once (the orchestrator is closing and the grace period is over). */
  synchronized void kill() {
    if (process != null) {
      process.destroyForcibly();
    }
  }

  private void start(boolean restart) {
    boolean changed;
    synchronized (this) {
      if (stopping || terminal) {
        return;
      }
      Key before = key();
      if (restart) {
        history.restarted();
      }
      try {
        port = freePort(context.settings().bindHost());
        process = launch();
      } catch (IOException | RuntimeException e) {
        LOG.warn("Instance {} could not be started: {}", name, e.toString());
        process = null;
        crashed("it could not be started: " + e.getMessage());
        changed = !before.equals(key());
        notifyIf(changed);
        return;
      }
      long current = ++generation;
      Process started = process;
      LOG.info(
          "Instance {} started: pid {}, port {}, restart {}",
          name,
          started.pid(),
          port,
          history.restarts());
      writeRecord(started);
      failedPings = 0;
      if (phase == InstancePhase.STARTING) {
        detail = "The runtime is starting."; // a crash loop keeps its log lines until it is ready
      }
      started.onExit().whenCompleteAsync((p, e) -> exited(current, started), context.scheduler());
      schedule(this::ping, context.settings().startingPollInterval());
      changed = !before.equals(key());
    }
    notifyIf(changed);
  }

  private Process launch() throws IOException {
    LocalSettings settings = context.settings();
    Files.createDirectories(log.getParent());
    Files.writeString(
        log,
        "--- "
            + Instant.now()
            + " Berth starts "
            + name
            + " on port "
            + port
            + (history.restarts() > 0 ? " (restart " + history.restarts() + ")" : "")
            + System.lineSeparator(),
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    ProcessBuilder builder =
        new ProcessBuilder(settings.runtimeCommand())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    environment(builder.environment());
    return builder.start();
  }

  /**
   * The runtime's environment: this process's own, less its Berth and SageMaker settings (a control
   * plane's {@code BERTH_METRICS_PORT} must not reach its runtimes), plus the model's {@code
   * Environment}, plus what the orchestrator decides, which wins. The one default the model may
   * override: ONNX Runtime's threads sleep ({@code BERTH_ALLOW_SPINNING=false}), since every
   * instance here shares this machine's cores with the others and with the planes; spinning threads
   * would hold cores the others wait for.
   */
  private void environment(Map<String, String> env) {
    LocalSettings settings = context.settings();
    ContainerSpec container = spec.container();
    env.keySet().removeIf(key -> key.startsWith("BERTH_") || key.startsWith("SAGEMAKER_"));
    env.putAll(container.environment());
    env.putIfAbsent("BERTH_ALLOW_SPINNING", "false");
    env.put("SAGEMAKER_BIND_TO_PORT", Integer.toString(port));
    env.put("BERTH_BIND_HOST", settings.bindHost());
    container.modelDataUrl().ifPresent(url -> env.put("BERTH_MODEL_DATA_URL", url));
    if (container.uncompressed()) {
      env.put("BERTH_MODEL_COMPRESSION", "None");
    }
    if (container.multiModel()) {
      env.put("SAGEMAKER_MULTI_MODEL", "true");
    }
    env.put("BERTH_RUNTIME_CACHE", settings.cacheDir().toString());
    env.put("BERTH_PARENT_PID", Long.toString(context.self().pid()));
  }

  private void ping() {
    long current;
    URI uri;
    synchronized (this) {
      if (stopping || terminal || process == null) {
        return;
      }
      current = generation;
      uri = URI.create("http://" + address().orElseThrow() + "/ping");
    }
    HttpRequest request =
        HttpRequest.newBuilder(uri).timeout(context.settings().pingTimeout()).GET().build();
    try {
      context
          .http()
          .sendAsync(request, HttpResponse.BodyHandlers.ofString())
          .whenComplete(
              (response, error) ->
                  answered(
                      current,
                      response == null
                          ? PingAnswer.unreachable(error)
                          : PingAnswer.of(response.statusCode(), response.body())));
    } catch (RuntimeException e) {
      answered(current, PingAnswer.unreachable(e));
    }
  }

  private void answered(long answeredGeneration, PingAnswer answer) {
    boolean changed;
    synchronized (this) {
      if (answeredGeneration != generation || stopping || terminal || process == null) {
        return;
      }
      Key before = key();
      switch (answer.kind()) {
        case READY -> {
          if (phase != InstancePhase.READY) {
            LOG.info("Instance {} is ready on {}", name, address().orElseThrow());
          }
          phase = InstancePhase.READY;
          detail = "";
          failedPings = 0;
          history.ready();
        }
        case MODEL_FAILED -> {
          // A model that cannot load will not load after a restart either.
          LOG.warn("Instance {} cannot load its model: {}", name, answer.detail());
          terminal = true;
          phase = InstancePhase.MODEL_FAILED;
          detail = answer.detail();
          terminate(process);
        }
        case NOT_READY -> {
          failedPings++;
          if (phase == InstancePhase.READY && failedPings >= READY_FAILURES) {
            LOG.warn("Instance {} is no longer ready: {}", name, answer.detail());
            phase = InstancePhase.STARTING;
            detail = answer.detail();
          } else if (phase == InstancePhase.STARTING) {
            detail = answer.detail();
          }
        }
      }
      if (!terminal) {
        LocalSettings settings = context.settings();
        schedule(
            this::ping,
            phase == InstancePhase.READY
                ? settings.readyPollInterval()
                : settings.startingPollInterval());
      }
      changed = !before.equals(key());
    }
    notifyIf(changed);
  }

  private void exited(long exitedGeneration, Process exitedProcess) {
    boolean changed;
    synchronized (this) {
      if (exitedGeneration != generation) {
        return;
      }
      Key before = key();
      process = null;
      deleteRecord();
      if (stopping) {
        LOG.info("Instance {} stopped (exit code {})", name, exitedProcess.exitValue());
        gone.complete(null);
      } else if (!terminal) {
        LOG.warn("Instance {} exited with code {}", name, exitedProcess.exitValue());
        crashed("exit code " + exitedProcess.exitValue());
      }
      changed = !before.equals(key());
    }
    notifyIf(changed);
  }

  /** Its process died or could not start: report it and start it again after the back-off. */
  private void crashed(String why) {
    RestartHistory.Decision decision = history.exited();
    if (decision.crashLooping()) {
      phase = InstancePhase.CRASH_LOOPING;
      List<String> tail = LogTail.of(log, LOG_LINES);
      detail =
          "The runtime keeps exiting ("
              + why
              + ") and was restarted "
              + history.restartsSinceReady()
              + " times without becoming ready."
              + (tail.isEmpty() ? "" : " The end of its log:\n" + String.join("\n", tail));
    } else {
      phase = InstancePhase.STARTING;
      detail = "The runtime exited (" + why + "); it restarts in " + format(decision.delay()) + ".";
    }
    schedule(() -> start(true), decision.delay());
  }

  /** SIGTERM now, SIGKILL if it is still there after the grace period. */
  private void terminate(Process target) {
    target.destroy();
    try {
      context
          .scheduler()
          .schedule(
              () -> {
                if (target.isAlive()) {
                  LOG.warn("Instance {} did not stop after SIGTERM; killing it", name);
                  target.destroyForcibly();
                }
              },
              context.settings().stopGracePeriod().toMillis(),
              TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      target.destroyForcibly(); // the orchestrator is closed: no one will come back for it
    }
  }

  private void writeRecord(Process started) {
    record =
        InstanceRecord.of(
            started.toHandle(),
            port,
            context.self(),
            spec.id(),
            name,
            context.settings().runtimeCommand());
    try {
      context.records().write(record);
    } catch (IOException e) {
      LOG.warn("The pid file of instance {} could not be written: {}", name, e.toString());
    }
  }

  private void deleteRecord() {
    if (record == null) {
      return;
    }
    try {
      context.records().delete(record);
    } catch (IOException e) {
      LOG.warn("The pid file of instance {} could not be deleted: {}", name, e.toString());
    }
    record = null;
  }

  private Optional<String> address() {
    if (process == null) {
      return Optional.empty();
    }
    String host = context.settings().bindHost();
    return Optional.of((host.contains(":") ? "[" + host + "]" : host) + ":" + port);
  }

  private Key key() {
    return new Key(phase, address());
  }

  /** What the reconciler is told about when it changes. */
  private record Key(InstancePhase phase, Optional<String> address) {}

  private void schedule(Runnable task, Duration delay) {
    try {
      next = context.scheduler().schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // The orchestrator is closing; it stops every process itself.
    }
  }

  private void submit(Runnable task) {
    try {
      context.scheduler().execute(task);
    } catch (RejectedExecutionException e) {
      // The orchestrator is closing.
    }
  }

  private void notifyIf(boolean changed) {
    if (changed) {
      context.changed().accept(spec.id());
    }
  }

  private static int freePort(String host) throws IOException {
    // The runtime binds it a moment later; if another process wins the race the runtime exits
    // and is restarted on a new port.
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return socket.getLocalPort();
    }
  }

  private static String format(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
