package dev.berth.controlplane.domain;

import dev.berth.awswire.arn.Arn;
import dev.berth.awswire.error.AwsErrorCode;
import dev.berth.awswire.error.AwsServiceException;

/**
 * The control plane's conditions, each with the exact SageMaker code and text clients match on
 * (spec §3). Rendering them is {@link dev.berth.awswire.error.ErrorEnvelope}'s job.
 */
public final class SageMakerErrors {
  private SageMakerErrors() {}

  /** {@code Could not find endpoint "<arn>".} and its model / configuration siblings. */
  public static AwsServiceException notFound(Arn arn) {
    return validation("Could not find " + arn.type().noun() + " \"" + arn + "\".");
  }

  /** {@code Cannot create already existing endpoint "<arn>".} and siblings. */
  public static AwsServiceException alreadyExists(Arn arn) {
    return validation("Cannot create already existing " + arn.type().noun() + " \"" + arn + "\".");
  }

  /** {@code Cannot update in-progress endpoint "<arn>".} (also for delete, spec §2.14). */
  public static AwsServiceException inProgress(Arn endpoint) {
    return validation("Cannot update in-progress endpoint \"" + endpoint + "\".");
  }

  /** Berth's deliberate refusal to delete a configuration in use (spec §9.1). */
  public static AwsServiceException configInUse(Arn config, Arn endpoint) {
    return new AwsServiceException(
        AwsErrorCode.RESOURCE_IN_USE,
        "Cannot delete endpoint configuration \""
            + config
            + "\" because it is in use by endpoint \""
            + endpoint
            + "\".");
  }

  /** {@code ResourceLimitExceeded} in the wording of spec §3.5. */
  public static AwsServiceException limitExceeded(Quota quota, long limit, long used, long delta) {
    return new AwsServiceException(
        AwsErrorCode.RESOURCE_LIMIT_EXCEEDED, quota.exceededMessage(limit, used, delta));
  }

  /** A plain {@code ValidationException}. */
  public static AwsServiceException validation(String message) {
    return new AwsServiceException(AwsErrorCode.VALIDATION_EXCEPTION, message);
  }
}
