package dev.berth.runtime;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Ends a runtime whose parent is gone. The local orchestrator starts runtimes as child processes
 * with {@code BERTH_PARENT_PID}; if the control plane is killed with {@code -9} it cannot stop
 * them, so each runtime polls its parent and stops itself (gracefully) when the parent has exited.
 *
 * <p>Usage: {@code ParentWatch.watch(pid, ParentWatch.DEFAULT_INTERVAL, () -> System.exit(0));}
 */
public final class ParentWatch {
  /** How often the parent is looked at. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(500);

  private ParentWatch() {}

  /**
   * Starts a daemon thread that runs {@code onGone} once, as soon as process {@code pid} is no
   * longer alive (at once if it is not alive now).
   */
  public static Thread watch(long pid, Duration interval, Runnable onGone) {
    // The handle remembers the process's start time, so a reused pid does not look alive.
    Optional<ProcessHandle> parent = ProcessHandle.of(pid);
    return watch(() -> parent.map(ProcessHandle::isAlive).orElse(false), interval, onGone);
  }

  /** Starts a daemon thread that runs {@code onGone} once, when {@code alive} turns false. */
  static Thread watch(BooleanSupplier alive, Duration interval, Runnable onGone) {
    Thread thread =
        new Thread(
            () -> {
              try {
                while (alive.getAsBoolean()) {
                  Thread.sleep(interval.toMillis());
                }
              } catch (InterruptedException e) {
                return; // stopped watching: the runtime is shutting down anyway
              }
              onGone.run();
            },
            "berth-parent-watch");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
