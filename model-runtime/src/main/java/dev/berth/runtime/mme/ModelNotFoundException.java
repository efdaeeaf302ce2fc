package dev.berth.runtime.mme;

/**
 * Nothing is where a model was asked for: a target model that is not under the model root, or a
 * {@code url} that names no file. The message names the place that was looked at.
 */
public final class ModelNotFoundException extends Exception {

  /** A missing model, described by {@code message}. */
  public ModelNotFoundException(String message) {
    super(message);
  }
}
