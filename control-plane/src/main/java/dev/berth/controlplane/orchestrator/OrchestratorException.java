package dev.berth.controlplane.orchestrator;

/**
 * An orchestrator call did not complete: the reconciler retries the step later, or — when {@link
 * #permanent()} — fails the endpoint with {@link #getMessage()} as its FailureReason (a missing
 * namespace, an RBAC refusal: nothing a retry would fix).
 */
public final class OrchestratorException extends Exception {
  private final boolean permanent;

  private OrchestratorException(String message, Throwable cause, boolean permanent) {
    super(message, cause);
    this.permanent = permanent;
  }

  /** A failure worth retrying (API unreachable, conflict, timeout). */
  public static OrchestratorException transientFailure(String message, Throwable cause) {
    return new OrchestratorException(message, cause, false);
  }

  /** A failure no retry fixes; {@code message} is a FailureReason sentence for the user. */
  public static OrchestratorException permanentFailure(String message, Throwable cause) {
    return new OrchestratorException(message, cause, true);
  }

  /** True if retrying cannot help. */
  public boolean permanent() {
    return permanent;
  }
}
