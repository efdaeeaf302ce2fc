package dev.berth.awswire.sigv4;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The SigV4 canonical request of a {@link SignableRequest}, and its string to sign: the one
 * canonicalization shared by {@link SigV4Verifier} and {@link SigV4Signer}.
 *
 * <pre>{@code
 * CanonicalRequest canonical = CanonicalRequest.of(request, List.of("host", "x-amz-date"), hash);
 * String stringToSign = canonical.stringToSign("20150830T123600Z", credential.scope());
 * }</pre>
 *
 * <p>The rules are those the AWS SDKs apply to every service but S3 (AWS SDK for Java v2 {@code
 * V4CanonicalRequest} with {@code doubleUrlEncode} and {@code normalizePath} on, botocore's {@code
 * SigV4Auth}):
 *
 * <ul>
 *   <li>URI: empty and {@code .} segments dropped, {@code ..} resolved, then every byte of the path
 *       <em>as received</em> outside {@code A-Za-z0-9-._~} and {@code /} percent-encoded, so an
 *       encoded {@code %20} is signed as {@code %2520}; a trailing slash is kept only when the
 *       received path has one.
 *   <li>Query: each name and value percent-decoded, then encoded as above (slashes too); a plus
 *       stays a plus ({@code %2B}) since SDKs send spaces as {@code %20}; parameters with an empty
 *       name are left out, as the SDKs do; sorted by encoded name, then encoded value.
 *   <li>Headers: exactly the signed headers, in the order the client listed them, each value
 *       trimmed with inner whitespace runs collapsed to one space; a header the request lacks is an
 *       empty value, so the signature simply fails to match.
 * </ul>
 */
public final class CanonicalRequest {
  /** The only algorithm SigV4 defines for requests. */
  public static final String ALGORITHM = "AWS4-HMAC-SHA256";

  /** The last element of every credential scope. */
  static final String TERMINATOR = "aws4_request";

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();
  private static final Comparator<String[]> BY_NAME_THEN_VALUE =
      Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]);

  private final String text;

  private CanonicalRequest(String text) {
    this.text = text;
  }

  /**
   * The canonical request of {@code request} over {@code signedHeaders} (lower-case names, in the
   * order the {@code SignedHeaders} parameter gives them), with {@code payloadSha256Hex} as the
   * payload hash.
   */
  public static CanonicalRequest of(
      SignableRequest request, List<String> signedHeaders, String payloadSha256Hex) {
    StringBuilder out = new StringBuilder(256 + 64 * signedHeaders.size());
    append(out, request, signedHeaders, payloadSha256Hex);
    return new CanonicalRequest(out.toString());
  }

  /**
   * Appends the canonical request to {@code out}: what {@link #of} holds, for a caller that hashes
   * it straight from a reused builder.
   */
  static void append(
      StringBuilder out,
      SignableRequest request,
      List<String> signedHeaders,
      String payloadSha256Hex) {
    out.append(request.method()).append('\n');
    appendCanonicalUri(out, request.rawPath());
    out.append('\n');
    out.append(canonicalQuery(request.rawQuery())).append('\n');
    for (String name : signedHeaders) {
      out.append(name).append(':');
      appendHeaderValue(out, request.header(name.toLowerCase(Locale.ROOT)));
      out.append('\n');
    }
    out.append('\n');
    for (int i = 0; i < signedHeaders.size(); i++) {
      if (i > 0) {
        out.append(';');
      }
      out.append(signedHeaders.get(i));
    }
    out.append('\n');
    out.append(payloadSha256Hex);
  }

  /**
   * Appends the string to sign of the canonical request {@code canonical} to {@code out}, with the
   * scope {@code date/region/service/aws4_request}.
   */
  static void appendStringToSign(
      StringBuilder out,
      String amzDate,
      String date,
      String region,
      String service,
      CharSequence canonical) {
    out.append(ALGORITHM).append('\n').append(amzDate).append('\n');
    out.append(date).append('/').append(region).append('/').append(service).append('/');
    out.append(TERMINATOR).append('\n');
    Sha256.appendHex(out, Sha256.digest(canonical));
  }

  /** The credential scope {@code date/region/service/aws4_request}. */
  public static String scope(String date, String region, String service) {
    return date + "/" + region + "/" + service + "/" + TERMINATOR;
  }

  /** The canonical request itself, lines joined with {@code \n}. */
  public String text() {
    return text;
  }

  /**
   * The string to sign: algorithm, {@code amzDate} ({@code yyyyMMdd'T'HHmmss'Z'}), {@code scope},
   * and the hex SHA-256 of this canonical request.
   */
  public String stringToSign(String amzDate, String scope) {
    StringBuilder out = new StringBuilder(128 + scope.length());
    out.append(ALGORITHM).append('\n').append(amzDate).append('\n').append(scope).append('\n');
    Sha256.appendHex(out, Sha256.digest(text));
    return out.toString();
  }

  @Override
  public String toString() {
    return text;
  }

  private static void appendCanonicalUri(StringBuilder out, String rawPath) {
    out.append(isCanonicalUri(rawPath) ? rawPath : canonicalUri(rawPath));
  }

  /**
   * Whether {@code rawPath} is its own canonical URI, as nearly every path a client sends is: no
   * empty, {@code .} or {@code ..} segment and nothing to encode.
   */
  private static boolean isCanonicalUri(String rawPath) {
    if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/') {
      return false;
    }
    int n = rawPath.length();
    int segmentStart = 1;
    for (int i = 1; i <= n; i++) {
      char c = i < n ? rawPath.charAt(i) : '/';
      if (c == '/') {
        int length = i - segmentStart;
        boolean dots =
            (length == 1 || length == 2)
                && rawPath.charAt(segmentStart) == '.'
                && rawPath.charAt(i - 1) == '.';
        if ((length == 0 && i < n) || dots) {
          return false;
        }
        segmentStart = i + 1;
      } else if (!isUnreserved(c)) {
        return false;
      }
    }
    return true;
  }

  /** The canonical URI of a path as received (see the class comment). */
  static String canonicalUri(String rawPath) {
    if (rawPath == null || rawPath.isEmpty() || rawPath.equals("/")) {
      return "/";
    }
    List<String> segments = new ArrayList<>();
    int start = 0;
    while (start <= rawPath.length()) {
      int slash = rawPath.indexOf('/', start);
      int end = slash < 0 ? rawPath.length() : slash;
      String segment = rawPath.substring(start, end);
      if (segment.equals("..")) {
        // Like java.net.URI#normalize (which the Java SDK uses): a ".." with nothing left to
        // remove is kept rather than dropped.
        if (!segments.isEmpty() && !segments.get(segments.size() - 1).equals("..")) {
          segments.remove(segments.size() - 1);
        } else {
          segments.add(segment);
        }
      } else if (!segment.isEmpty() && !segment.equals(".")) {
        segments.add(segment);
      }
      start = end + 1;
    }
    StringBuilder out = new StringBuilder(rawPath.length() + 16);
    for (String segment : segments) {
      out.append('/');
      appendEncoded(out, segment.getBytes(StandardCharsets.UTF_8));
    }
    if (segments.isEmpty() || rawPath.endsWith("/")) {
      out.append('/');
    }
    return out.toString();
  }

  /** The canonical query of a query as received, without {@code ?} (see the class comment). */
  static String canonicalQuery(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    List<String[]> parameters = new ArrayList<>();
    int start = 0;
    while (start <= rawQuery.length()) {
      int amp = rawQuery.indexOf('&', start);
      int end = amp < 0 ? rawQuery.length() : amp;
      if (end > start) {
        int eq = rawQuery.indexOf('=', start);
        boolean hasValue = eq >= 0 && eq < end;
        String name = encoded(rawQuery, start, hasValue ? eq : end);
        if (!name.isEmpty()) {
          String value = hasValue ? encoded(rawQuery, eq + 1, end) : "";
          parameters.add(new String[] {name, value});
        }
      }
      start = end + 1;
    }
    parameters.sort(BY_NAME_THEN_VALUE);
    StringBuilder out = new StringBuilder(rawQuery.length() + 16);
    for (String[] parameter : parameters) {
      if (out.length() > 0) {
        out.append('&');
      }
      out.append(parameter[0]).append('=').append(parameter[1]);
    }
    return out.toString();
  }

  /** A header value trimmed, with runs of whitespace collapsed to one space; null is empty. */
  static String canonicalHeaderValue(String value) {
    StringBuilder out = new StringBuilder();
    appendHeaderValue(out, value);
    return out.toString();
  }

  private static void appendHeaderValue(StringBuilder out, String value) {
    if (value == null) {
      return;
    }
    boolean pendingSpace = false;
    boolean started = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (isWhitespace(c)) {
        pendingSpace = started;
      } else {
        if (pendingSpace) {
          out.append(' ');
          pendingSpace = false;
        }
        out.append(c);
        started = true;
      }
    }
  }

  // The set the AWS SDKs collapse: space, tab, newline, vertical tab, carriage return, form feed.
  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\r' || c == '\f';
  }

  /** The part {@code [from, to)} of {@code raw}, percent-decoded, then canonically encoded. */
  private static String encoded(String raw, int from, int to) {
    StringBuilder out = new StringBuilder(to - from + 8);
    appendEncoded(out, percentDecoded(raw, from, to));
    return out.toString();
  }

  /**
   * The bytes {@code [from, to)} of {@code raw} stand for: {@code %XX} is one byte, anything else
   * its UTF-8. A {@code %} not followed by two hex digits is taken literally, as lenient servers
   * do, rather than failing the request before its signature is even checked.
   */
  private static byte[] percentDecoded(String raw, int from, int to) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from);
    int i = from;
    while (i < to) {
      char c = raw.charAt(i);
      int escaped = c == '%' ? hexValue(raw, i + 1, to) : -1;
      if (escaped >= 0) {
        bytes.write(escaped);
        i += 3;
      } else if (c < 0x80) {
        bytes.write(c);
        i++;
      } else {
        int cp = raw.codePointAt(i);
        byte[] utf8 = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        bytes.write(utf8, 0, utf8.length);
        i += Character.charCount(cp);
      }
    }
    return bytes.toByteArray();
  }

  /** The byte of the two hex digits at {@code at} (before {@code to}), or -1. */
  private static int hexValue(String raw, int at, int to) {
    if (at + 2 > to) {
      return -1;
    }
    int high = hexDigit(raw.charAt(at));
    int low = hexDigit(raw.charAt(at + 1));
    return high < 0 || low < 0 ? -1 : (high << 4) | low;
  }

  // ASCII only: Character.digit would also accept other scripts' digits.
  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return -1;
  }

  /** Appends {@code bytes} with everything but RFC 3986 unreserved characters as {@code %XX}. */
  private static void appendEncoded(StringBuilder out, byte[] bytes) {
    for (byte b : bytes) {
      int c = b & 0xFF;
      if (isUnreserved(c)) {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
      }
    }
  }

  /** RFC 3986 unreserved: what SigV4 leaves as it is. */
  private static boolean isUnreserved(int c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }
}
