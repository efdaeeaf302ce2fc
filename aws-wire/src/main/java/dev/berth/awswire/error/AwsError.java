package dev.berth.awswire.error;

import java.util.Map;
import java.util.Objects;

/**
 * An error as a value: a code, the message clients show, and any modeled members that must appear
 * at the top level of the body (for example {@code OriginalStatusCode} of a {@code ModelError}).
 *
 * @param code what went wrong, and so the HTTP status
 * @param message the text clients read from {@code message}; may be null (throttling)
 * @param members extra top-level body members, in model casing
 */
public record AwsError(AwsErrorCode code, String message, Map<String, Object> members) {

  public AwsError {
    Objects.requireNonNull(code, "code");
    members = members == null ? Map.of() : Map.copyOf(members);
  }

  /** An error with no extra members. */
  public static AwsError of(AwsErrorCode code, String message) {
    return new AwsError(code, message, Map.of());
  }

  /** This error as an exception, for code paths that unwind by throwing. */
  public AwsServiceException toException() {
    return new AwsServiceException(this);
  }
}
