package dev.berth.runtime.codec;

/**
 * A response body ready for the wire.
 *
 * @param contentType the {@code Content-Type} to send
 * @param bytes the body
 */
public record EncodedResponse(String contentType, byte[] bytes) {}
