package dev.berth.runtime.mme;

/**
 * A target model that cannot name anything under the model root: empty, absolute, or escaping it
 * with {@code ..}. The caller's mistake, so the message says what a valid target looks like.
 */
public final class InvalidTargetModelException extends Exception {

  /** A refused target, described by {@code message}. */
  public InvalidTargetModelException(String message) {
    super(message);
  }
}
