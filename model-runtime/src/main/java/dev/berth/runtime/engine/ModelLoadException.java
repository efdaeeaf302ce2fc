package dev.berth.runtime.engine;

/**
 * A model that cannot be served: no model file, a file the engine rejects, a bad {@code
 * serving.properties}, a failed warm-up. The message is a reason a user can act on; it becomes the
 * endpoint's {@code FailureReason}.
 */
public final class ModelLoadException extends Exception {

  /** Creates the exception with a reason. */
  public ModelLoadException(String reason) {
    super(reason);
  }

  /** Creates the exception with a reason and the engine's own error. */
  public ModelLoadException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
