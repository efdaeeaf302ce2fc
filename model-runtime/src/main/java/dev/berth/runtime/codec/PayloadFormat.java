package dev.berth.runtime.codec;

import java.util.Locale;

/**
 * The payload formats Berth reads and writes. The three JSON styles share one media type and are
 * told apart by the body's shape; the response keeps the request's style when it is JSON too.
 */
public enum PayloadFormat {
  /** Open Inference Protocol v2: {@code {"inputs":[{"name","shape","datatype","data"}]}}. */
  OIP_V2(PayloadFormat.JSON),
  /** TensorFlow Serving style: {@code {"instances":[...]}} answered by {@code {"predictions"}}. */
  INSTANCES(PayloadFormat.JSON),
  /** A bare nested JSON array, answered by a bare nested array. */
  BARE_ARRAY(PayloadFormat.JSON),
  /** One instance per line, comma-separated numbers. */
  CSV(PayloadFormat.CSV_TYPE),
  /** One NumPy {@code .npy} array. */
  NPY(PayloadFormat.NPY_TYPE);

  /** {@code application/json}. */
  public static final String JSON = "application/json";

  /** {@code text/csv}. */
  public static final String CSV_TYPE = "text/csv";

  /** {@code application/x-npy}. */
  public static final String NPY_TYPE = "application/x-npy";

  private static final String SUPPORTED = JSON + ", " + CSV_TYPE + ", " + NPY_TYPE;

  private final String mediaType;

  PayloadFormat(String mediaType) {
    this.mediaType = mediaType;
  }

  /** The media type this format is sent with. */
  public String mediaType() {
    return mediaType;
  }

  /**
   * The bare media type of a {@code Content-Type} value: parameters such as {@code charset} are
   * dropped, case is folded.
   */
  public static String bareMediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    String bare = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return bare.trim().toLowerCase(Locale.ROOT);
  }

  /**
   * The media type Berth answers with, given the request's {@code Accept} header and the media type
   * the request came in: the first type Berth speaks in the list (q-values are not weighed), and
   * the request's own type for an absent header or a wildcard.
   *
   * @throws UnsupportedMediaTypeException if the list names only types Berth does not speak
   */
  public static String responseMediaType(String accept, String requestMediaType) {
    if (accept == null || accept.isBlank()) {
      return requestMediaType;
    }
    for (String candidate : accept.split(",")) {
      String bare = bareMediaType(candidate);
      if (bare.equals("*/*") || bare.equals("*")) {
        return requestMediaType;
      }
      if (bare.equals(JSON) || bare.equals(CSV_TYPE) || bare.equals(NPY_TYPE)) {
        return bare;
      }
    }
    throw new UnsupportedMediaTypeException(
        "Accept '" + accept + "' names no type Berth writes; use one of " + SUPPORTED + ".");
  }

  /**
   * Checks that Berth reads {@code contentType}.
   *
   * @return the bare media type
   * @throws UnsupportedMediaTypeException otherwise
   */
  public static String requireReadable(String contentType) {
    String bare = bareMediaType(contentType);
    if (bare.equals(JSON) || bare.equals(CSV_TYPE) || bare.equals(NPY_TYPE)) {
      return bare;
    }
    throw new UnsupportedMediaTypeException(
        "Content-Type '"
            + (contentType == null ? "" : contentType)
            + "' is not supported; use one of "
            + SUPPORTED
            + ".");
  }
}
