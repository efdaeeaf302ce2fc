package dev.berth.awswire.error;

/** The two AWS protocols Berth speaks: the control plane's JSON 1.1 and the runtime's REST-JSON. */
public enum WireProtocol {
  /** {@code POST /} with {@code X-Amz-Target}; errors as {@code application/x-amz-json-1.1}. */
  JSON_1_1("application/x-amz-json-1.1"),
  /** {@code /endpoints/{name}/invocations}; errors as {@code application/json}. */
  REST_JSON("application/json");

  private final String errorContentType;

  WireProtocol(String errorContentType) {
    this.errorContentType = errorContentType;
  }

  /** The Content-Type of an error body on this protocol. */
  public String errorContentType() {
    return errorContentType;
  }
}
