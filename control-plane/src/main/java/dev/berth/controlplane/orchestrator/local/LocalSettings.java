package dev.berth.controlplane.orchestrator.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the local orchestrator runs runtimes.
 *
 * <p>Usage: {@code LocalSettings.of(List.of("java", "-jar", "berth.jar", "runtime"), dataDir)}, or
 * in tests {@code LocalSettings.of(List.of(java, "-cp", classpath,
 * "dev.berth.runtime.RuntimeMain"), dataDir).withRestartBackoff(...)}.
 *
 * @param runtimeCommand the command that starts one model runtime; it is configured by its
 *     environment ({@code SAGEMAKER_BIND_TO_PORT}, {@code BERTH_MODEL_DATA_URL} …)
 * @param dataDir where pid files ({@code instances/}) live; survives restarts
 * @param cacheDir the artifact cache shared by every runtime, so a second instance of a model does
 *     not fetch it again
 * @param logsDir where each instance's output goes: {@code <fleet>/<instance>.log}
 * @param bindHost the loopback address runtimes listen on
 * @param restartBackoff the wait before the first restart of a process that died; it doubles
 * @param maxRestartBackoff the longest wait between restarts
 * @param startingPollInterval how often {@code /ping} is polled until an instance is ready
 * @param readyPollInterval how often a ready instance's {@code /ping} is polled
 * @param pingTimeout how long one {@code /ping} may take
 * @param stopGracePeriod how long a stopped runtime may drain after SIGTERM before it is killed
 */
public record LocalSettings(
    List<String> runtimeCommand,
    Path dataDir,
    Path cacheDir,
    Path logsDir,
    String bindHost,
    Duration restartBackoff,
    Duration maxRestartBackoff,
    Duration startingPollInterval,
    Duration readyPollInterval,
    Duration pingTimeout,
    Duration stopGracePeriod) {

  public LocalSettings {
    runtimeCommand = List.copyOf(runtimeCommand);
    if (runtimeCommand.isEmpty()) {
      throw new IllegalArgumentException("The runtime command is empty");
    }
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(cacheDir, "cacheDir");
    Objects.requireNonNull(logsDir, "logsDir");
    Objects.requireNonNull(bindHost, "bindHost");
    positive(restartBackoff, "restartBackoff");
    positive(maxRestartBackoff, "maxRestartBackoff");
    positive(startingPollInterval, "startingPollInterval");
    positive(readyPollInterval, "readyPollInterval");
    positive(pingTimeout, "pingTimeout");
    positive(stopGracePeriod, "stopGracePeriod");
    if (maxRestartBackoff.compareTo(restartBackoff) < 0) {
      throw new IllegalArgumentException("maxRestartBackoff < restartBackoff");
    }
  }

  /**
   * The defaults under {@code dataDir}: cache in {@code cache/}, logs in {@code logs/}, loopback,
   * restarts after 1 s doubling to 30 s, {@code /ping} every 100 ms while starting and every 2 s
   * when ready (1 s timeout), 10 s to drain after SIGTERM.
   */
  public static LocalSettings of(List<String> runtimeCommand, Path dataDir) {
    return new LocalSettings(
        runtimeCommand,
        dataDir,
        dataDir.resolve("cache"),
        dataDir.resolve("logs"),
        "127.0.0.1",
        Duration.ofSeconds(1),
        Duration.ofSeconds(30),
        Duration.ofMillis(100),
        Duration.ofSeconds(2),
        Duration.ofSeconds(1),
        Duration.ofSeconds(10));
  }

  /** These settings with another restart back-off. */
  public LocalSettings withRestartBackoff(Duration initial, Duration max) {
    return new LocalSettings(
        runtimeCommand,
        dataDir,
        cacheDir,
        logsDir,
        bindHost,
        initial,
        max,
        startingPollInterval,
        readyPollInterval,
        pingTimeout,
        stopGracePeriod);
  }

  /** These settings with another grace period after SIGTERM. */
  public LocalSettings withStopGracePeriod(Duration grace) {
    return new LocalSettings(
        runtimeCommand,
        dataDir,
        cacheDir,
        logsDir,
        bindHost,
        restartBackoff,
        maxRestartBackoff,
        startingPollInterval,
        readyPollInterval,
        pingTimeout,
        grace);
  }

  /** Where the pid files of running instances are: {@code <data-dir>/instances}. */
  public Path instancesDir() {
    return dataDir.resolve("instances");
  }

  private static void positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }
}
