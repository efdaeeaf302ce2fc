package dev.berth.awswire.shape;

import java.util.Collection;
import java.util.Objects;

/**
 * One broken constraint, in the parts Coral prints: where, what value, which constraint.
 *
 * <p>{@link ShapeValidator} produces these from the model; handlers build their own for semantic
 * checks the model cannot express (an instance type missing from the operator's catalog, spec
 * §9.11) so that both read the same on the wire. {@link CoralMessage} joins them.
 *
 * <pre>{@code
 * Violation.notNull("endpointName").toCoral()
 * // Value null at 'endpointName' failed to satisfy constraint: Member must not be null
 * }</pre>
 *
 * @param path the member path, e.g. {@code productionVariants.1.member.instanceType}
 * @param value the value as printed, without quotes; {@code null} for a missing member
 * @param constraint the constraint, e.g. {@code Member must have length less than or equal to 63}
 */
public record Violation(String path, String value, String constraint) {
  static final String NOT_NULL = "Member must not be null";

  public Violation {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(constraint, "constraint");
  }

  /** A required member that is missing or JSON {@code null}. */
  public static Violation notNull(String path) {
    return new Violation(path, null, NOT_NULL);
  }

  /** A string that is not one of {@code allowed}, printed in the order given. */
  public static Violation enumValue(String path, String value, Collection<String> allowed) {
    return new Violation(path, value, enumConstraint(allowed));
  }

  /** This violation as one item of a Coral message. */
  public String toCoral() {
    String printed = value == null ? "null" : "'" + value + "'";
    return "Value " + printed + " at '" + path + "' failed to satisfy constraint: " + constraint;
  }

  static String enumConstraint(Collection<String> allowed) {
    return "Member must satisfy enum value set: [" + String.join(", ", allowed) + "]";
  }
}
