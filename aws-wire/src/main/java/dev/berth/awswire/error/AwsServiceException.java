package dev.berth.awswire.error;

/**
 * The one exception family of Berth's wire layer: carries an {@link AwsError} to the place that
 * renders it ({@link ErrorEnvelope}). Stack traces are not filled in: these are expected outcomes
 * of bad input, not bugs, and they are thrown on hot paths.
 */
public class AwsServiceException extends RuntimeException {
  private final transient AwsError error;

  public AwsServiceException(AwsError error) {
    super(error.code().code() + ": " + error.message(), null, false, false);
    this.error = error;
  }

  /** Shorthand for {@code new AwsServiceException(AwsError.of(code, message))}. */
  public AwsServiceException(AwsErrorCode code, String message) {
    this(AwsError.of(code, message));
  }

  /** The error this exception carries. */
  public AwsError error() {
    return error;
  }
}
