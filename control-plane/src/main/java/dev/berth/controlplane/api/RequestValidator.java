package dev.berth.controlplane.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.awswire.shape.CoralMessage;
import dev.berth.awswire.shape.ShapeValidator;
import dev.berth.awswire.shape.Violation;
import dev.berth.controlplane.domain.SageMakerErrors;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks an input against its shape in the SageMaker model and the operation's own rules, and lists
 * every violation of one request in one Coral message (spec §9.10).
 */
public final class RequestValidator {
  private final ShapeValidator shapes;

  public RequestValidator(ShapeValidator shapes) {
    this.shapes = shapes;
  }

  /** Throws {@code ValidationException} listing every violation, or returns when there are none. */
  public void validate(Operation operation, JsonNode input) {
    List<Violation> violations = new ArrayList<>();
    if (operation.inputShape() != null) {
      violations.addAll(shapes.validate(operation.inputShape(), input));
    }
    if (operation.semanticChecks() != null) {
      violations.addAll(operation.semanticChecks().apply(input));
    }
    if (!violations.isEmpty()) {
      throw SageMakerErrors.validation(CoralMessage.of(violations));
    }
  }
}
