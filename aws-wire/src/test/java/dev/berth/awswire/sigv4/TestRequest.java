package dev.berth.awswire.sigv4;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * A {@link SignableRequest} for tests: an immutable request with repeated headers, made from a
 * test-suite {@code .req} file or from a request the AWS SDK signed.
 */
record TestRequest(
    String method,
    String rawPath,
    String rawQuery,
    List<Map.Entry<String, String>> headers,
    byte[] body)
    implements SignableRequest {

  /**
   * Parses a test-suite {@code .req}: request line, {@code Name:value} lines, blank line, body.
   * Header values are kept untrimmed, as a wire would carry them before canonicalization.
   */
  static TestRequest parse(String req) {
    String[] headAndBody = req.split("\n\n", 2);
    String[] lines = headAndBody[0].split("\n");
    String requestLine = lines[0];
    // The URI may hold spaces (get-space), so split at the first and the last space only.
    String method = requestLine.substring(0, requestLine.indexOf(' '));
    String uri = requestLine.substring(method.length() + 1, requestLine.lastIndexOf(' '));
    int question = uri.indexOf('?');
    String path = question < 0 ? uri : uri.substring(0, question);
    String query = question < 0 ? null : uri.substring(question + 1);
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.add(Map.entry(lines[i].substring(0, colon), lines[i].substring(colon + 1)));
    }
    byte[] body =
        headAndBody.length > 1 ? headAndBody[1].getBytes(StandardCharsets.UTF_8) : new byte[0];
    return new TestRequest(method, path, query, List.copyOf(headers), body);
  }

  /** The request as the SDK would send it: its encoded path and query, and all its headers. */
  static TestRequest from(SdkHttpRequest request, byte[] body) {
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    request.forEachHeader((name, values) -> values.forEach(v -> headers.add(Map.entry(name, v))));
    return new TestRequest(
        request.method().name(),
        request.encodedPath(),
        request.encodedQueryParameters().orElse(null),
        List.copyOf(headers),
        body);
  }

  @Override
  public String header(String lowerCaseName) {
    List<String> values =
        headers.stream()
            .filter(h -> h.getKey().toLowerCase(Locale.ROOT).equals(lowerCaseName))
            .map(Map.Entry::getValue)
            .toList();
    return values.isEmpty() ? null : String.join(",", values);
  }

  /** The names of all headers, lower-cased, once each. */
  List<String> headerNames() {
    return headers.stream()
        .map(h -> h.getKey().toLowerCase(Locale.ROOT))
        .distinct()
        .collect(Collectors.toList());
  }

  /** This request with header {@code name} set to {@code value} alone (any case replaced). */
  TestRequest with(String name, String value) {
    List<Map.Entry<String, String>> changed = new ArrayList<>(without(name).headers);
    changed.add(Map.entry(name, value));
    return new TestRequest(method, rawPath, rawQuery, List.copyOf(changed), body);
  }

  /** This request without header {@code name}, in any case. */
  TestRequest without(String name) {
    return new TestRequest(
        method,
        rawPath,
        rawQuery,
        headers.stream().filter(h -> !h.getKey().equalsIgnoreCase(name)).toList(),
        body);
  }

  /** This request with another path. */
  TestRequest withPath(String path) {
    return new TestRequest(method, path, rawQuery, headers, body);
  }

  /** This request with another body; headers are left as they are. */
  TestRequest withBody(byte[] newBody) {
    return new TestRequest(method, rawPath, rawQuery, headers, newBody);
  }

  /** The lower-case hex SHA-256 of the body. */
  String payloadHash() {
    return SigV4Verifier.sha256Hex(body);
  }
}
