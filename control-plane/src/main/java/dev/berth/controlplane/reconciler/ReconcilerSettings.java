package dev.berth.controlplane.reconciler;

import java.time.Duration;
import java.util.Set;

/**
 * How the reconciler paces itself and how long it waits before it calls an endpoint failed.
 *
 * @param workers how many endpoints one replica works on at once
 * @param progressInterval how soon an endpoint with work under way is looked at again when no
 *     orchestrator event arrives first
 * @param steadyInterval how often a settled endpoint (InService) is checked against what runs
 * @param idleInterval how often a Failed endpoint is checked (its leftovers removed)
 * @param startupTimeout how long an instance may take to pass {@code /ping} when the variant does
 *     not say ({@code ContainerStartupHealthCheckTimeoutInSeconds}; SageMaker's default is 4 min)
 * @param capacityWait how long an instance may wait for room on a node before the endpoint fails
 *     for insufficient capacity
 * @param drainDelay how long an old fleet keeps running after traffic left it, so routers that have
 *     not yet seen the new route table finish their requests on it
 * @param sweepInterval how often fleets that no endpoint wants any more are looked for
 * @param runtimeImages images that mean "Berth's own runtime" when a model names them (matched on
 *     the repository path without registry, or its last segment, any tag or digest): such models
 *     run the configured runtime
 */
public record ReconcilerSettings(
    int workers,
    Duration progressInterval,
    Duration steadyInterval,
    Duration idleInterval,
    Duration startupTimeout,
    Duration capacityWait,
    Duration drainDelay,
    Duration sweepInterval,
    Set<String> runtimeImages) {

  /** SageMaker's default for ContainerStartupHealthCheckTimeoutInSeconds. */
  public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofMinutes(4);

  public ReconcilerSettings {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1");
    }
    runtimeImages = runtimeImages == null ? Set.of() : Set.copyOf(runtimeImages);
  }

  /** Production defaults. */
  public static ReconcilerSettings defaults() {
    return new ReconcilerSettings(
        4,
        Duration.ofMillis(500),
        Duration.ofSeconds(10),
        Duration.ofSeconds(60),
        DEFAULT_STARTUP_TIMEOUT,
        Duration.ofMinutes(2),
        Duration.ofSeconds(2),
        Duration.ofSeconds(30),
        Set.of("berth", "berth-runtime", "berth/runtime"));
  }

  /** A copy with other timeouts (tests shorten them). */
  public ReconcilerSettings withTimeouts(Duration startup, Duration capacity, Duration drain) {
    return new ReconcilerSettings(
        workers,
        progressInterval,
        steadyInterval,
        idleInterval,
        startup,
        capacity,
        drain,
        sweepInterval,
        runtimeImages);
  }
}
