package dev.berth.dataplane.routes;

import java.util.List;

/**
 * One row of {@code endpoint_routes} as the reconciler wrote it: one variant of one generation
 * (configuration) of an endpoint.
 *
 * @param endpointId the endpoint
 * @param configId the generation's configuration
 * @param variantName the production variant
 * @param account the endpoint's account
 * @param region the endpoint's region
 * @param endpointName the endpoint's name, in the case it was created with
 * @param trafficShare the generation's share of the endpoint's traffic
 * @param variantWeight the variant's weight within its generation
 * @param routingStrategy how its instances share requests
 * @param multiModel true when the instances serve many models
 * @param shadow true for a shadow variant (gets copies; its answers are dropped)
 * @param instances {@code host:port} of the ready instances
 */
public record RouteRow(
    long endpointId,
    long configId,
    String variantName,
    String account,
    String region,
    String endpointName,
    double trafficShare,
    double variantWeight,
    RoutingStrategy routingStrategy,
    boolean multiModel,
    boolean shadow,
    List<String> instances) {
  public RouteRow {
    instances = List.copyOf(instances);
  }
}
