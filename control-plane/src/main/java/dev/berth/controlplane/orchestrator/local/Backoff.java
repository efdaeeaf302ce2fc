package dev.berth.controlplane.orchestrator.local;

import java.time.Duration;

/**
 * Exponential back-off between restarts: {@code initial}, then twice as long each time, never more
 * than {@code max} (Kubernetes' CrashLoopBackOff does the same, 10 s doubling to 5 min).
 *
 * @param initial the wait before the first attempt
 * @param max the longest wait
 */
record Backoff(Duration initial, Duration max) {

  /** The wait before attempt {@code attempt} (1 for the first). */
  Duration delay(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt < 1: " + attempt);
    }
    Duration delay = initial;
    for (int i = 1; i < attempt && delay.compareTo(max) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(max) > 0 ? max : delay;
  }
}
