package dev.berth.runtime.engine;

/**
 * The engine failed while running the model on a request that the codecs accepted (a model error,
 * in SageMaker's words). The message carries the engine's own reason.
 */
public final class ModelExecutionException extends RuntimeException {

  /** Wraps the engine's failure. */
  public ModelExecutionException(String message, Throwable cause) {
    super(message, cause);
  }
}
