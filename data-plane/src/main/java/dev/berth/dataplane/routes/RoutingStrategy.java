package dev.berth.dataplane.routes;

/** How a variant's instances share its requests: SageMaker's {@code RoutingConfig}. */
public enum RoutingStrategy {
  /** The instance with fewer requests in flight of two picked at random (power of two choices). */
  LEAST_OUTSTANDING_REQUESTS,
  /** Any ready instance, uniformly. */
  RANDOM;

  /** The strategy stored in the route table; anything unknown is the SageMaker default. */
  public static RoutingStrategy of(String stored) {
    return "RANDOM".equalsIgnoreCase(stored) ? RANDOM : LEAST_OUTSTANDING_REQUESTS;
  }
}
