package dev.berth.dataplane.http;

import dev.berth.awswire.error.AwsError;
import dev.berth.awswire.error.AwsErrorCode;
import java.util.LinkedHashMap;
import java.util.Map;

/** The runtime's error texts (spec §3.7, §9.5–9.8), in one place. */
final class RuntimeErrors {
  /** SageMaker's text when a container does not answer in time (spec §3.7). */
  static final String TIMEOUT_TEXT =
      "Your invocation timed out while waiting for a response from container primary. Review the"
          + " latency metrics for each container in Amazon CloudWatch, resolve the issue, and try"
          + " again.";

  /** SageMaker's text when a stream does not finish in time. */
  static final String STREAM_TIMEOUT_TEXT =
      "Your model primary did not complete sending the inference response in the allotted time.";

  private RuntimeErrors() {}

  /** The endpoint is unknown, another account's, or not serving (spec §3.7, §9.5). */
  static AwsError endpointNotFound(String name, String account) {
    return AwsError.of(
        AwsErrorCode.VALIDATION_ERROR,
        "Endpoint " + name + " of account " + account + " not found.");
  }

  /** A body over the limit (spec §9.6). */
  static AwsError payloadTooLarge(long bytes, int limit) {
    return AwsError.of(
        AwsErrorCode.PAYLOAD_TOO_LARGE,
        "Request payload of " + bytes + " bytes exceeds the limit of " + limit + " bytes.");
  }

  /** No runtime operation has this method and path. */
  static AwsError unknownOperation(String method, String path) {
    return AwsError.of(
        AwsErrorCode.UNKNOWN_OPERATION,
        "No SageMaker Runtime operation is "
            + method
            + " "
            + path
            + "; InvokeEndpoint is POST /endpoints/{EndpointName}/invocations. SageMaker API"
            + " calls (X-Amz-Target) go to the control plane.");
  }

  /** Every instance of the variant is down, benched or full. */
  static AwsError noInstance(String endpoint, String variant) {
    return AwsError.of(
        AwsErrorCode.SERVICE_UNAVAILABLE,
        "No instance of production variant "
            + variant
            + " of endpoint "
            + endpoint
            + " can take the request now. Retry it.");
  }

  /**
   * The container answered {@code status} with {@code body}, or (status 0) did not answer in time:
   * SageMaker's {@code ModelError}, 424, with its modeled members (spec §3.7, §9.8).
   *
   * @param complete false when the body could not be read whole
   */
  static AwsError modelError(
      int status, String body, boolean complete, String endpoint, String account, String region) {
    String kind = status >= 400 && status < 500 ? "client" : "server";
    String see =
        " See the log group /aws/sagemaker/Endpoints/"
            + endpoint
            + " in account "
            + account
            + " (on Berth: the logs of the endpoint's instances) for more information.";
    String message =
        complete
            ? "Received "
                + kind
                + " error ("
                + status
                + ") from primary with message \""
                + body
                + "\"."
                + see
            : "Received "
                + kind
                + " error ("
                + status
                + ") from primary and could not load the entire response body."
                + see;
    Map<String, Object> members = new LinkedHashMap<>();
    members.put("OriginalStatusCode", status);
    members.put("OriginalMessage", body);
    members.put(
        "LogStreamArn",
        "arn:aws:logs:"
            + region
            + ":"
            + account
            + ":log-group:/aws/sagemaker/Endpoints/"
            + endpoint);
    return new AwsError(AwsErrorCode.MODEL_ERROR, message, members);
  }
}
