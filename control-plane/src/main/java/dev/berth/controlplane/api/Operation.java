package dev.berth.controlplane.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.awswire.arn.ResourceType;
import dev.berth.awswire.shape.Violation;
import dev.berth.controlplane.domain.Caller;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.function.Function;

/**
 * One API operation: its name in {@code X-Amz-Target}, the action a key's allow-list must grant,
 * the checks that go beyond the shape model, and the handler that acts.
 *
 * @param target the full target, e.g. {@code SageMaker.CreateEndpoint}
 * @param action the IAM-style action, e.g. {@code sagemaker:CreateEndpoint}
 * @param inputShape the shape to validate the body against, or null for Berth's own operations
 * @param resource the resource type the operation names (for AccessDenied messages), or null
 * @param nameMember the input member holding that resource's name, or null
 * @param semanticChecks extra Coral violations, listed with the shape's in one message
 * @param handler what the operation does once the input is valid
 * @param adminOnly whether only admin keys may call it
 */
public record Operation(
    String target,
    String action,
    String inputShape,
    ResourceType resource,
    String nameMember,
    Function<JsonNode, List<Violation>> semanticChecks,
    Handler handler,
    boolean adminOnly) {

  /** What an operation does with a valid input, as the caller. */
  @FunctionalInterface
  public interface Handler {
    /** Acts; the result is the response body (an empty object for operations without output). */
    Uni<JsonNode> handle(Caller caller, JsonNode input);
  }
}
