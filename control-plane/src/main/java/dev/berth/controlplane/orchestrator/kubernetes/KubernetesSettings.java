package dev.berth.controlplane.orchestrator.kubernetes;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How the Kubernetes orchestrator runs fleets.
 *
 * <p>Usage: {@code
 * KubernetesSettings.of("berth-endpoints").withRuntimeImage("registry/berth:1.2")}.
 *
 * @param namespace where every fleet's Deployment and pods live
 * @param runtimeImage Berth's image (entrypoint {@code berth}), run with {@code runtime} for models
 *     that bring no image of their own
 * @param imagePullSecrets Secrets in {@code namespace} the pods pull images with
 * @param serviceAccountName the pods' service account; empty for the namespace's default
 * @param containerPort where the container serves {@code /ping} and {@code /invocations}
 * @param extraLabels labels added to every Deployment and pod (cost centre, team); Berth's own
 *     {@code berth.dev/*} and {@code app.kubernetes.io/managed-by} labels win over them
 */
public record KubernetesSettings(
    String namespace,
    String runtimeImage,
    List<String> imagePullSecrets,
    Optional<String> serviceAccountName,
    int containerPort,
    Map<String, String> extraLabels) {
  /** Berth's published image. */
  public static final String DEFAULT_RUNTIME_IMAGE = "ghcr.io/berth/berth:latest";

  /** The namespace fleets go to unless configured. */
  public static final String DEFAULT_NAMESPACE = "berth-endpoints";

  /** The SageMaker container contract's port. */
  public static final int DEFAULT_CONTAINER_PORT = 8080;

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  public KubernetesSettings {
    Objects.requireNonNull(namespace, "namespace");
    if (!DNS_LABEL.matcher(namespace).matches()) {
      throw new IllegalArgumentException(
          "The Kubernetes namespace \"" + namespace + "\" is not a DNS label (a-z, 0-9, -)");
    }
    Objects.requireNonNull(runtimeImage, "runtimeImage");
    if (runtimeImage.isBlank()) {
      throw new IllegalArgumentException("The runtime image is blank");
    }
    imagePullSecrets = List.copyOf(imagePullSecrets);
    Objects.requireNonNull(serviceAccountName, "serviceAccountName");
    if (containerPort < 1 || containerPort > 65535) {
      throw new IllegalArgumentException("containerPort out of range: " + containerPort);
    }
    extraLabels = Map.copyOf(extraLabels);
  }

  /** The defaults in {@code namespace}: Berth's published image on port 8080, nothing else. */
  public static KubernetesSettings of(String namespace) {
    return new KubernetesSettings(
        namespace,
        DEFAULT_RUNTIME_IMAGE,
        List.of(),
        Optional.empty(),
        DEFAULT_CONTAINER_PORT,
        Map.of());
  }

  /** The same with another runtime image. */
  public KubernetesSettings withRuntimeImage(String image) {
    return new KubernetesSettings(
        namespace, image, imagePullSecrets, serviceAccountName, containerPort, extraLabels);
  }

  /** The same with these image pull secrets. */
  public KubernetesSettings withImagePullSecrets(List<String> secrets) {
    return new KubernetesSettings(
        namespace, runtimeImage, secrets, serviceAccountName, containerPort, extraLabels);
  }

  /** The same with this service account. */
  public KubernetesSettings withServiceAccountName(String name) {
    return new KubernetesSettings(
        namespace, runtimeImage, imagePullSecrets, Optional.of(name), containerPort, extraLabels);
  }

  /** The same with these extra labels. */
  public KubernetesSettings withExtraLabels(Map<String, String> labels) {
    return new KubernetesSettings(
        namespace, runtimeImage, imagePullSecrets, serviceAccountName, containerPort, labels);
  }
}
