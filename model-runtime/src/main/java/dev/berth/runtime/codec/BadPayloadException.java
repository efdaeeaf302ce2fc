package dev.berth.runtime.codec;

/**
 * A body in a supported format that is malformed or does not fit the model's inputs (HTTP 400). The
 * message names the expected input names, shapes and dtypes, e.g. {@code Input 'input' expects
 * shape [-1, 4] of FP32; got a row of 3 values.}
 */
public final class BadPayloadException extends PayloadException {

  /** Creates the exception with a message for the caller. */
  public BadPayloadException(String message) {
    super(message);
  }
}
