package dev.berth.awswire.error;

/**
 * Every error code Berth puts on the wire, with the HTTP status it carries on each protocol.
 *
 * <p>The control plane speaks AWS JSON 1.1, where SageMaker answers every client error with 400;
 * the runtime speaks REST-JSON, where authentication failures are 403 and model failures 424 (spec
 * §1.2, §1.3, §9.4). Keeping both statuses on one constant is what makes {@link ErrorEnvelope} the
 * only place errors become bytes.
 */
public enum AwsErrorCode {
  /** Shape violations, missing resources, duplicates and state conflicts on the control plane. */
  VALIDATION_EXCEPTION("ValidationException", 400, 400),
  /** The runtime's validation code (note: not {@code ValidationException}). */
  VALIDATION_ERROR("ValidationError", 400, 400),
  /** A runtime payload over the 6 MiB limit (spec §9.6). */
  PAYLOAD_TOO_LARGE("ValidationError", 413, 413),
  /** A request whose header block is over the server's limit (the runtime's 431). */
  HEADERS_TOO_LARGE("ValidationError", 431, 431),
  /** A request whose body did not arrive in time (the runtime's 408). */
  REQUEST_TIMEOUT("RequestTimeout", 408, 408),
  /** A body that is not JSON, or a member of the wrong JSON type. */
  SERIALIZATION_EXCEPTION("SerializationException", 400, 400),
  /** An {@code X-Amz-Target} naming no operation. */
  UNKNOWN_OPERATION("UnknownOperationException", 400, 400),
  /** A quota would be exceeded. */
  RESOURCE_LIMIT_EXCEEDED("ResourceLimitExceeded", 400, 400),
  /** A resource is still referenced (Berth: an endpoint configuration in use). */
  RESOURCE_IN_USE("ResourceInUse", 400, 400),
  /** No Authorization header at all. */
  MISSING_AUTHENTICATION_TOKEN("MissingAuthenticationTokenException", 400, 403),
  /** The access key id is not known. */
  UNRECOGNIZED_CLIENT("UnrecognizedClientException", 400, 403),
  /** The signature, its scope or its clock do not check out. */
  INVALID_SIGNATURE("InvalidSignatureException", 400, 403),
  /** The Authorization header is malformed. */
  INCOMPLETE_SIGNATURE("IncompleteSignatureException", 400, 403),
  /** The key's allow-list does not grant the action. */
  ACCESS_DENIED("AccessDeniedException", 400, 403),
  /** A bounded queue or rate limit rejected the request; SDKs retry it. */
  THROTTLING("ThrottlingException", 400, 400),
  /** The container answered an error or timed out. */
  MODEL_ERROR("ModelError", 424, 424),
  /** A multi-model endpoint is still loading the target model. */
  MODEL_NOT_READY("ModelNotReadyException", 429, 429),
  /** No instance can take the request right now; SDKs retry it. */
  SERVICE_UNAVAILABLE("ServiceUnavailable", 503, 503),
  /** A bug or an outage of ours; SDKs retry it. */
  INTERNAL_FAILURE("InternalFailure", 500, 500);

  private final String code;
  private final int json11Status;
  private final int restJsonStatus;

  AwsErrorCode(String code, int json11Status, int restJsonStatus) {
    this.code = code;
    this.json11Status = json11Status;
    this.restJsonStatus = restJsonStatus;
  }

  /** The code as clients read it from {@code __type} and {@code x-amzn-ErrorType}. */
  public String code() {
    return code;
  }

  /** The HTTP status on the given protocol. */
  public int status(WireProtocol protocol) {
    return protocol == WireProtocol.JSON_1_1 ? json11Status : restJsonStatus;
  }
}
