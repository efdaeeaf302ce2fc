package dev.berth.awswire.sigv4;

import java.util.Map;

/**
 * Read-only view of an HTTP request, so that the verifier works for Vert.x and Netty alike.
 *
 * <p>Everything is as received: the path and query still percent-encoded, exactly as they stood in
 * the request line, because SigV4 signs those bytes and not a decoded form.
 *
 * <pre>{@code
 * SignableRequest request =
 *     SignableRequest.of("POST", "/", null, Map.of("host", "localhost:8080"));
 * }</pre>
 */
public interface SignableRequest {

  /** The method, e.g. {@code POST}. */
  String method();

  /**
   * The path as received, e.g. {@code /} or {@code /endpoints/my-ep/invocations}, still
   * percent-encoded.
   */
  String rawPath();

  /** The query as received, without {@code ?}; null or empty when there is none. */
  String rawQuery();

  /**
   * All values of the header named {@code lowerCaseName}, joined with {@code ","} in the order
   * received, or null when the request has no such header.
   */
  String header(String lowerCaseName);

  /**
   * A request over a map of headers, for clients and tests. Header names may be in any case; two
   * names that differ only in case are one header whose values are joined with {@code ","}.
   */
  static SignableRequest of(
      String method, String rawPath, String rawQuery, Map<String, String> headers) {
    return HeaderMapRequest.of(method, rawPath, rawQuery, headers);
  }
}
