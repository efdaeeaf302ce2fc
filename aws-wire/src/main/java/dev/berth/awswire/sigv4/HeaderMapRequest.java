package dev.berth.awswire.sigv4;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@link SignableRequest} of {@link SignableRequest#of}: headers held under lower-case names.
 */
record HeaderMapRequest(String method, String rawPath, String rawQuery, Map<String, String> headers)
    implements SignableRequest {

  static HeaderMapRequest of(
      String method, String rawPath, String rawQuery, Map<String, String> headers) {
    Map<String, String> lowerCased = new LinkedHashMap<>();
    headers.forEach(
        (name, value) ->
            lowerCased.merge(name.toLowerCase(Locale.ROOT), value, (a, b) -> a + "," + b));
    return new HeaderMapRequest(method, rawPath, rawQuery, Map.copyOf(lowerCased));
  }

  @Override
  public String header(String lowerCaseName) {
    return headers.get(lowerCaseName);
  }
}
