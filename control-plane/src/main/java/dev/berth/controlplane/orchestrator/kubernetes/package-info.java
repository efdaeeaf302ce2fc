/**
 * The {@code kubernetes} orchestrator: fleets as Deployments, instances as pods, watched through
 * Fabric8 informers. {@link dev.berth.controlplane.orchestrator.kubernetes.KubernetesOrchestrator}
 * is the entry point and {@link dev.berth.controlplane.orchestrator.kubernetes.KubernetesSettings}
 * its configuration; the rest is its machinery: the Deployment a fleet is ({@code
 * FleetDeployment}), the labels that find it again ({@code FleetMetadata}), what a pod means as an
 * instance ({@code PodInstances}) and what an API failure means for the reconciler ({@code
 * KubernetesFailures}).
 */
package dev.berth.controlplane.orchestrator.kubernetes;
