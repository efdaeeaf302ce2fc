package dev.berth.controlplane.reconciler;

import dev.berth.controlplane.orchestrator.FleetSpec;

/**
 * One variant of one generation and the fleet that serves it.
 *
 * @param variantName the variant's name
 * @param shadow true for a shadow variant (receives copies of traffic, answers nobody)
 * @param spec the fleet to run
 * @param routingStrategy the variant's RoutingConfig strategy
 */
record VariantFleet(String variantName, boolean shadow, FleetSpec spec, String routingStrategy) {}
