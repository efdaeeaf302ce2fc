package dev.berth.controlplane.orchestrator.local;

import java.time.Duration;

/**
 * The restarts of one instance, and what to do when its process exits: wait by the back-off, and
 * call it crash-looping once it has been restarted {@code crashLoopAfter} times without becoming
 * ready in between. Becoming ready forgives the past: the next restart waits the initial back-off
 * again. Not thread-safe; its instance guards it.
 */
final class RestartHistory {
  private final Backoff backoff;
  private final int crashLoopAfter;
  private int restarts;
  private int restartsSinceReady;

  RestartHistory(Backoff backoff, int crashLoopAfter) {
    this.backoff = backoff;
    this.crashLoopAfter = crashLoopAfter;
  }

  /**
   * What to do after an exit.
   *
   * @param delay how long to wait before starting it again
   * @param crashLooping whether it keeps dying before it is ever ready
   */
  record Decision(Duration delay, boolean crashLooping) {}

  /** The process exited (or could not be started). */
  Decision exited() {
    return new Decision(
        backoff.delay(restartsSinceReady + 1), restartsSinceReady >= crashLoopAfter);
  }

  /** It is being started again. */
  void restarted() {
    restarts++;
    restartsSinceReady++;
  }

  /** It answered {@code /ping} with 200. */
  void ready() {
    restartsSinceReady = 0;
  }

  /** How many times it has been restarted in all. */
  int restarts() {
    return restarts;
  }

  /** How many times it has been restarted since it was last ready. */
  int restartsSinceReady() {
    return restartsSinceReady;
  }
}
