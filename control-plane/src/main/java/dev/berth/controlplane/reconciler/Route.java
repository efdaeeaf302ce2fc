package dev.berth.controlplane.reconciler;

import java.util.List;

/**
 * One row of the route table ({@code endpoint_routes}): where the data plane sends an endpoint's
 * traffic for one variant of one generation.
 *
 * @param configId the generation's configuration
 * @param variantName the variant
 * @param configName the configuration's name
 * @param trafficShare the generation's share of the endpoint's traffic (0 to 1]
 * @param variantWeight the variant's CurrentWeight within its generation
 * @param routingStrategy LEAST_OUTSTANDING_REQUESTS or RANDOM
 * @param multiModel true if the instances serve many models (Target-Model invocations)
 * @param shadow true for a shadow variant
 * @param instances {@code host:port} of the ready instances
 */
record Route(
    long configId,
    String variantName,
    String configName,
    double trafficShare,
    double variantWeight,
    String routingStrategy,
    boolean multiModel,
    boolean shadow,
    List<String> instances) {
  Route {
    // Stored as PostgreSQL reals: rounded the same way here, a route read back equals the one
    // written, so an unchanged table is never rewritten (and never re-announced).
    trafficShare = (float) trafficShare;
    variantWeight = (float) variantWeight;
    instances = List.copyOf(instances);
  }
}
