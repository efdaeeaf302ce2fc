/**
 * The {@code Orchestrator} SPI: how the reconciler runs fleets of runtime instances, and its
 * implementations ({@code local} child processes, {@code kubernetes} Deployments).
 */
package dev.berth.controlplane.orchestrator;
