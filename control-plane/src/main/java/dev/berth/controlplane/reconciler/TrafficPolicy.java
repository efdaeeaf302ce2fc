package dev.berth.controlplane.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * How an update moves traffic from the old fleet to the new one, read from the DeploymentConfig
 * (spec §2.9). No DeploymentConfig is blue/green ALL_AT_ONCE with no waits, as in SageMaker.
 *
 * <p>A {@code RollingUpdatePolicy} is run as a linear blue/green shift in steps of its {@code
 * MaximumBatchSize}: the new fleet is launched whole before traffic moves, so availability never
 * drops, at the price of briefly running both fleets.
 *
 * @param type ALL_AT_ONCE, CANARY or LINEAR
 * @param firstStep for CANARY the canary's share, for LINEAR each step's share (0 to 1]
 * @param waitInterval the wait after each shift (for ALL_AT_ONCE, the baking period)
 * @param terminationWait how long the old fleet lives after all traffic left it
 * @param maximumExecution the longest the whole update may take before it is rolled back; null when
 *     not given
 */
record TrafficPolicy(
    Type type,
    double firstStep,
    Duration waitInterval,
    Duration terminationWait,
    Duration maximumExecution) {

  /** The traffic routing types of TrafficRoutingConfiguration. */
  enum Type {
    ALL_AT_ONCE,
    CANARY,
    LINEAR
  }

  static final TrafficPolicy DEFAULT =
      new TrafficPolicy(Type.ALL_AT_ONCE, 1, Duration.ZERO, Duration.ZERO, null);

  /**
   * The policy of {@code deploymentConfig} (null for none).
   *
   * @param newFleetInstances the new fleet's instances, to turn an INSTANCE_COUNT size into a share
   */
  static TrafficPolicy of(JsonNode deploymentConfig, long newFleetInstances) {
    if (deploymentConfig == null) {
      return DEFAULT;
    }
    JsonNode blueGreen = deploymentConfig.path("BlueGreenUpdatePolicy");
    if (blueGreen.isObject()) {
      JsonNode routing = blueGreen.path("TrafficRoutingConfiguration");
      Type type = Type.valueOf(routing.path("Type").asText("ALL_AT_ONCE"));
      double step =
          switch (type) {
            case ALL_AT_ONCE -> 1;
            case CANARY -> share(routing.path("CanarySize"), newFleetInstances);
            case LINEAR -> share(routing.path("LinearStepSize"), newFleetInstances);
          };
      return new TrafficPolicy(
          type,
          step,
          seconds(routing.path("WaitIntervalInSeconds")),
          seconds(blueGreen.path("TerminationWaitInSeconds")),
          blueGreen.hasNonNull("MaximumExecutionTimeoutInSeconds")
              ? seconds(blueGreen.get("MaximumExecutionTimeoutInSeconds"))
              : null);
    }
    JsonNode rolling = deploymentConfig.path("RollingUpdatePolicy");
    if (rolling.isObject()) {
      return new TrafficPolicy(
          Type.LINEAR,
          share(rolling.path("MaximumBatchSize"), newFleetInstances),
          seconds(rolling.path("WaitIntervalInSeconds")),
          Duration.ZERO,
          rolling.hasNonNull("MaximumExecutionTimeoutInSeconds")
              ? seconds(rolling.get("MaximumExecutionTimeoutInSeconds"))
              : null);
    }
    return DEFAULT;
  }

  /** The share after {@code current}: the first step, then the next one, capped at all. */
  double next(double current) {
    return switch (type) {
      case ALL_AT_ONCE -> 1;
      case CANARY -> current == 0 ? firstStep : 1;
      case LINEAR -> Math.min(1, current + firstStep);
    };
  }

  private static double share(JsonNode capacitySize, long instances) {
    int value = Math.max(1, capacitySize.path("Value").asInt(1));
    double share =
        "INSTANCE_COUNT".equals(capacitySize.path("Type").asText())
            ? (double) value / Math.max(1, instances)
            : value / 100.0;
    return Math.min(1, Math.max(0.01, share));
  }

  private static Duration seconds(JsonNode node) {
    return Duration.ofSeconds(Math.max(0, node.asLong(0)));
  }
}
