package dev.berth.controlplane.orchestrator.kubernetes;

import dev.berth.controlplane.orchestrator.OrchestratorException;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * The one place a Kubernetes API failure becomes an {@link OrchestratorException}: what no retry
 * fixes (RBAC refusal, missing namespace, an object the API server rejects, bad credentials) is
 * permanent, with a sentence saying what to fix; the rest (server errors, throttling, conflicts,
 * timeouts, an unreachable API server) is transient.
 */
final class KubernetesFailures {
  private KubernetesFailures() {}

  /**
   * @param action what was refused, as a verb phrase: {@code create Deployment berth-e1-c2-x}
   * @param namespace the namespace it was done in
   */
  static OrchestratorException of(String action, String namespace, Throwable failure) {
    KubernetesClientException k = kubernetesCause(failure);
    int code = k == null ? 0 : k.getCode();
    String reason = reason(k, failure);
    String where = " in namespace \"" + namespace + "\"";
    return switch (code) {
      case 403 ->
          OrchestratorException.permanentFailure(
              "Kubernetes refused to "
                  + action
                  + where
                  + ": "
                  + reason
                  + " (check the Role of the control plane's service account)",
              failure);
      case 401 ->
          OrchestratorException.permanentFailure(
              "Kubernetes did not accept the control plane's credentials to "
                  + action
                  + where
                  + ": "
                  + reason,
              failure);
      case 404 ->
          namespaceMissing(k)
              ? OrchestratorException.permanentFailure(
                  "Kubernetes cannot "
                      + action
                      + ": the namespace \""
                      + namespace
                      + "\" does not exist (create it, or configure another)",
                  failure)
              : OrchestratorException.transientFailure(
                  "Kubernetes could not " + action + where + ": " + reason, failure);
      case 400, 405, 413, 415, 422 ->
          OrchestratorException.permanentFailure(
              "Kubernetes rejected the request to " + action + where + ": " + reason, failure);
      default ->
          OrchestratorException.transientFailure(
              "Kubernetes could not " + action + where + " for now: " + reason, failure);
    };
  }

  /** True if {@code failure} says a 404 was for the namespace, not for the object. */
  private static boolean namespaceMissing(KubernetesClientException k) {
    Status status = k.getStatus();
    if (status != null && status.getDetails() != null) {
      return "namespaces".equals(status.getDetails().getKind());
    }
    String message = status != null && status.getMessage() != null ? status.getMessage() : "";
    return message.startsWith("namespaces ");
  }

  private static KubernetesClientException kubernetesCause(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof KubernetesClientException k) {
        return k;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  private static String reason(KubernetesClientException k, Throwable failure) {
    if (k != null && k.getStatus() != null && k.getStatus().getMessage() != null) {
      return k.getStatus().getMessage();
    }
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
  }
}
