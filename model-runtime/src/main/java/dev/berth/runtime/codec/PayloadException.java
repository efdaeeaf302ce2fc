package dev.berth.runtime.codec;

/**
 * The codec's exception family: a request body Berth cannot turn into model inputs, or a response
 * it cannot write in the asked-for format. The server maps each subclass to one HTTP status; the
 * message is written for the caller and names what the model expected.
 */
public abstract sealed class PayloadException extends RuntimeException
    permits BadPayloadException, UnsupportedMediaTypeException {

  PayloadException(String message) {
    super(message);
  }
}
