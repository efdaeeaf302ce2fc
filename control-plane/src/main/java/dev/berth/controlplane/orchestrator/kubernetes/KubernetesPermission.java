package dev.berth.controlplane.orchestrator.kubernetes;

import java.util.List;
import java.util.Objects;

/**
 * One rule of the Role the control plane's service account needs in the fleets' namespace, as in a
 * Kubernetes {@code Role}'s {@code rules}.
 *
 * @param apiGroup the API group ({@code ""} for the core group, {@code apps})
 * @param resource the resource, plural ({@code deployments})
 * @param verbs the verbs the orchestrator uses on it, sorted
 */
public record KubernetesPermission(String apiGroup, String resource, List<String> verbs) {
  public KubernetesPermission {
    Objects.requireNonNull(apiGroup, "apiGroup");
    Objects.requireNonNull(resource, "resource");
    verbs = verbs.stream().sorted().toList();
  }
}
