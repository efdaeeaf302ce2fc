package dev.berth.runtime.codec;

/**
 * A {@code Content-Type} or {@code Accept} that Berth does not speak, or cannot speak for this
 * model (HTTP 415). The message lists the types it does speak.
 */
public final class UnsupportedMediaTypeException extends PayloadException {

  /** Creates the exception with a message for the caller. */
  public UnsupportedMediaTypeException(String message) {
    super(message);
  }
}
