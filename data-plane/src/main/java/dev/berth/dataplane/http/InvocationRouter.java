package dev.berth.dataplane.http;

import dev.berth.awswire.error.AwsError;
import dev.berth.awswire.error.AwsErrorCode;
import dev.berth.awswire.error.AwsServiceException;
import dev.berth.awswire.shape.CoralMessage;
import dev.berth.awswire.shape.Violation;
import dev.berth.dataplane.auth.Caller;
import dev.berth.dataplane.routes.EndpointRoute;
import dev.berth.dataplane.routes.RouteTable;
import dev.berth.dataplane.routes.VariantRoute;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Decides where an authenticated invocation goes: checks the request's members against the
 * SageMaker Runtime model (spec §1.3), finds the endpoint by account, region and exact name, and
 * picks a production variant by weight or by {@code X-Amzn-SageMaker-Target-Variant}. Knows nothing
 * of connections.
 */
final class InvocationRouter {

  private static final String NAME_PATTERN = "^[a-zA-Z0-9](-*[a-zA-Z0-9])*";
  private static final Pattern PRINTABLE = Pattern.compile("\\A\\S[\\p{Print}]*\\z");

  private InvocationRouter() {}

  /**
   * The target of {@code path} for {@code caller} in {@code table}.
   *
   * @throws AwsServiceException {@code ValidationError} for bad members, an endpoint that is not
   *     serving, an unknown variant or a misplaced target model; {@code ServiceUnavailable} when
   *     the variant has no ready instance
   */
  static Target route(Caller caller, InvocationPath path, HttpHeaders headers, RouteTable table) {
    validate(path, headers);
    String name = path.endpointName();
    EndpointRoute endpoint = table.find(caller.account(), caller.region(), name);
    if (endpoint == null || endpoint.variants().isEmpty()) {
      throw new AwsServiceException(RuntimeErrors.endpointNotFound(name, caller.account()));
    }
    if (path.operation() == InvocationPath.Operation.ASYNC) {
      throw validation(
          "Endpoint "
              + name
              + " of account "
              + caller.account()
              + " is not an asynchronous inference endpoint: it has no AsyncInferenceConfig."
              + " Use InvokeEndpoint.");
    }
    String targetModel = headers.get(Headers.TARGET_MODEL);
    if (targetModel != null && !endpoint.multiModel()) {
      throw validation(
          "Endpoint "
              + name
              + " is not a multi-model endpoint: TargetModel ("
              + TARGET_MODEL_HEADER
              + ") may only be given to an endpoint whose model has Mode MultiModel.");
    }
    if (targetModel == null && endpoint.multiModel()) {
      throw validation(
          "Endpoint "
              + name
              + " is a multi-model endpoint: give the model to invoke as TargetModel ("
              + TARGET_MODEL_HEADER
              + ").");
    }
    String targetVariant = headers.get(Headers.TARGET_VARIANT);
    VariantRoute variant;
    if (targetVariant != null) {
      variant = endpoint.pickVariant(targetVariant);
      if (variant == null) {
        throw validation(
            "Production variant "
                + targetVariant
                + " does not exist in endpoint "
                + name
                + " of account "
                + caller.account()
                + ".");
      }
    } else {
      variant = endpoint.pickVariant();
    }
    if (variant.instances().isEmpty()) {
      throw new AwsServiceException(RuntimeErrors.noInstance(name, variant.variantName()));
    }
    return new Target(caller, endpoint, variant);
  }

  private static final String TARGET_MODEL_HEADER = "X-Amzn-SageMaker-Target-Model";

  /** The members SageMaker's model constrains, all violations in one message (spec §3.4). */
  static void validate(InvocationPath path, HttpHeaders headers) {
    List<Violation> violations = new ArrayList<>(0);
    String name = path.endpointName();
    if (name.length() > 63) {
      violations.add(
          new Violation("endpointName", name, "Member must have length less than or equal to 63"));
    }
    if (!isName(name)) {
      violations.add(
          new Violation(
              "endpointName",
              name,
              "Member must satisfy regular expression pattern: " + NAME_PATTERN));
    }
    ascii(violations, "contentType", headers.get(Headers.CONTENT_TYPE));
    ascii(
        violations,
        "accept",
        headers.get(
            path.operation() == InvocationPath.Operation.STREAM
                ? Headers.SAGEMAKER_ACCEPT
                : Headers.ACCEPT));
    ascii(violations, "customAttributes", headers.get(Headers.CUSTOM_ATTRIBUTES));
    printable(violations, "targetModel", headers.get(Headers.TARGET_MODEL), 1024);
    printable(violations, "inferenceId", headers.get(Headers.INFERENCE_ID), 64);
    String variant = headers.get(Headers.TARGET_VARIANT);
    if (variant != null) {
      if (variant.length() > 63) {
        violations.add(
            new Violation(
                "targetVariant", variant, "Member must have length less than or equal to 63"));
      } else if (!isName(variant)) {
        violations.add(
            new Violation(
                "targetVariant",
                variant,
                "Member must satisfy regular expression pattern: " + NAME_PATTERN));
      }
    }
    String session = headers.get(Headers.SESSION_ID);
    if (session != null && session.length() > 256) {
      violations.add(
          new Violation("sessionId", session, "Member must have length less than or equal to 256"));
    }
    if (!violations.isEmpty()) {
      throw validation(CoralMessage.of(violations));
    }
  }

  /** {@code [a-zA-Z0-9](-*[a-zA-Z0-9])*}, checked by hand: it runs on every invocation. */
  static boolean isName(String s) {
    int n = s.length();
    if (n == 0 || !alphanumeric(s.charAt(0)) || !alphanumeric(s.charAt(n - 1))) {
      return false;
    }
    for (int i = 1; i < n - 1; i++) {
      char c = s.charAt(i);
      if (c != '-' && !alphanumeric(c)) {
        return false;
      }
    }
    return true;
  }

  private static boolean alphanumeric(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  private static void ascii(List<Violation> violations, String member, String value) {
    if (value == null) {
      return;
    }
    if (value.length() > 1024) {
      violations.add(
          new Violation(member, value, "Member must have length less than or equal to 1024"));
    } else if (!isAscii(value)) {
      violations.add(
          new Violation(
              member, value, "Member must satisfy regular expression pattern: \\p{ASCII}*"));
    }
  }

  // What \p{ASCII}* matches, without a Matcher per header on every request.
  private static boolean isAscii(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) > 0x7F) {
        return false;
      }
    }
    return true;
  }

  private static void printable(List<Violation> violations, String member, String value, int max) {
    if (value == null) {
      return;
    }
    if (value.length() > max) {
      violations.add(
          new Violation(member, value, "Member must have length less than or equal to " + max));
    } else if (!PRINTABLE.matcher(value).matches()) {
      violations.add(
          new Violation(
              member,
              value,
              "Member must satisfy regular expression pattern: \\A\\S[\\p{Print}]*\\z"));
    }
  }

  private static AwsServiceException validation(String message) {
    return new AwsServiceException(AwsError.of(AwsErrorCode.VALIDATION_ERROR, message));
  }
}
