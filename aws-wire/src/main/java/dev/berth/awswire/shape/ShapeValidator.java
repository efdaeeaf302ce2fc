package dev.berth.awswire.shape;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.awswire.error.AwsErrorCode;
import dev.berth.awswire.error.AwsServiceException;
import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks a request body against a shape of a {@link ServiceModel} and reports what AWS would: every
 * constraint violation, in model member order, as {@link Violation}s for a {@link CoralMessage}.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * ShapeValidator validator =
 *     new ShapeValidator(model).withEnumOverride("ProductionVariantInstanceType", catalog);
 * validator.requireValid("CreateEndpointConfigInput", body);
 * }</pre>
 *
 * <p>Two kinds of bad input are kept apart, as on the wire (spec §9.10): a value of the wrong JSON
 * type cannot be read at all and fails at once with {@code SerializationException}; a value of the
 * right type that breaks a constraint is collected, so one {@code ValidationException} lists them
 * all. Members the model does not know are ignored, as AWS ignores them. Paths and the way lists
 * and maps are reported are described in the {@linkplain dev.berth.awswire.shape package
 * documentation}.
 */
public final class ShapeValidator {
  private static final BigDecimal INT_MIN = BigDecimal.valueOf(Integer.MIN_VALUE);
  private static final BigDecimal INT_MAX = BigDecimal.valueOf(Integer.MAX_VALUE);
  private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
  private static final String TIMESTAMP =
      "a timestamp (epoch seconds, or an ISO-8601 date-time with an offset)";

  private final ServiceModel model;
  private final Map<String, Set<String>> enumOverrides;

  /** A validator that enforces the model as it is. */
  public ShapeValidator(ServiceModel model) {
    this(Objects.requireNonNull(model, "model"), Map.of());
  }

  private ShapeValidator(ServiceModel model, Map<String, Set<String>> enumOverrides) {
    this.model = model;
    this.enumOverrides = enumOverrides;
  }

  /**
   * A copy whose enum check for the given string shape uses 'values' instead of the model's enum
   * (Berth checks instance types against the operator's catalog, spec §9.11). An empty list allows
   * no value at all.
   *
   * @throws IllegalArgumentException when {@code shapeName} is not a string shape of the model
   */
  public ShapeValidator withEnumOverride(String shapeName, List<String> values) {
    if (!(model.shape(shapeName) instanceof StringShape)) {
      throw new IllegalArgumentException(shapeName + " is not a string shape");
    }
    Map<String, Set<String>> overrides = new HashMap<>(enumOverrides);
    // Kept in the caller's order, which is the order the message lists them in.
    overrides.put(shapeName, Collections.unmodifiableSet(new LinkedHashSet<>(values)));
    return new ShapeValidator(model, Map.copyOf(overrides));
  }

  /**
   * Walks 'value' against shape 'shapeName'. Throws AwsServiceException(SERIALIZATION_EXCEPTION,
   * clear message naming the member path and expected type) when a member has the wrong JSON type
   * (string where a structure is expected, number where a string is, etc.) or the top level is not
   * an object. Returns every constraint violation in model member order (empty list = valid).
   * Unknown members are ignored (AWS ignores them).
   *
   * <p>A {@linkplain JsonNode#isMissingNode() missing} body (no bytes at all) reads as an empty
   * object.
   *
   * @param shapeName a structure shape, usually an operation's {@link ServiceModel#inputShape}
   * @throws IllegalArgumentException when {@code shapeName} is not a structure shape of the model
   */
  public List<Violation> validate(String shapeName, JsonNode value) {
    Objects.requireNonNull(value, "value");
    if (!(model.shape(shapeName) instanceof StructureShape structure)) {
      throw new IllegalArgumentException(shapeName + " is not a structure shape");
    }
    if (!value.isObject() && !value.isMissingNode()) {
      throw new AwsServiceException(
          AwsErrorCode.SERIALIZATION_EXCEPTION,
          "Expected a JSON object as the request body but found " + describe(value) + ".");
    }
    List<Violation> violations = new ArrayList<>();
    structure(structure, value, "", violations);
    return Collections.unmodifiableList(violations);
  }

  /**
   * {@link #validate}, then throws {@code ValidationException} with the {@link CoralMessage} of the
   * violations, if there are any: the "validate the SageMaker shape" step of a handler chain.
   *
   * @throws AwsServiceException with {@code SERIALIZATION_EXCEPTION} or {@code
   *     VALIDATION_EXCEPTION}
   */
  public void requireValid(String shapeName, JsonNode value) {
    List<Violation> violations = validate(shapeName, value);
    if (!violations.isEmpty()) {
      throw new AwsServiceException(AwsErrorCode.VALIDATION_EXCEPTION, CoralMessage.of(violations));
    }
  }

  private void structure(
      StructureShape shape, JsonNode node, String path, List<Violation> violations) {
    for (StructureShape.Member member : shape.members()) {
      String memberPath = path.isEmpty() ? member.pathName() : path + "." + member.pathName();
      JsonNode child = node.get(member.name());
      if (child == null || child.isNull()) {
        if (member.required()) {
          violations.add(Violation.notNull(memberPath));
        }
      } else {
        member(model.shape(member.shape()), child, memberPath, violations);
      }
    }
  }

  private void member(Shape shape, JsonNode node, String path, List<Violation> violations) {
    if (shape instanceof StructureShape structure) {
      expect(node.isObject(), node, path, "a JSON object");
      structure(structure, node, path, violations);
    } else if (shape instanceof ListShape list) {
      list(list, node, path, violations);
    } else if (shape instanceof MapShape map) {
      map(map, node, path, violations);
    } else {
      for (String constraint : scalar(shape, node, path)) {
        violations.add(new Violation(path, ValueText.of(node), constraint));
      }
    }
  }

  private void list(ListShape shape, JsonNode node, String path, List<Violation> violations) {
    expect(node.isArray(), node, path, "a JSON array");
    size(shape.length(), node, path, violations);
    Shape element = model.shape(shape.member());
    boolean scalar = isScalar(element);
    boolean broken = false;
    boolean sawNull = false;
    for (int i = 0; i < node.size(); i++) {
      JsonNode item = node.get(i);
      String itemPath = path + "." + (i + 1) + ".member";
      if (item.isNull()) {
        sawNull = true;
        if (!scalar) {
          violations.add(Violation.notNull(itemPath));
        }
      } else if (scalar) {
        // Every element is still read, so a wrongly typed one later in the list is reported
        // as a serialization error rather than hidden behind the first broken constraint.
        broken |= !scalar(element, item, itemPath).isEmpty();
      } else {
        member(element, item, itemPath, violations);
      }
    }
    // Coral reports a list of scalars once, at the list, naming the element constraints.
    if (scalar && (broken || sawNull)) {
      violations.add(
          new Violation(
              path,
              ValueText.of(node),
              "Member must satisfy constraint: " + declared(element, sawNull)));
    }
  }

  private void map(MapShape shape, JsonNode node, String path, List<Violation> violations) {
    expect(node.isObject(), node, path, "a JSON object (a map)");
    size(shape.length(), node, path, violations);
    StringShape keyShape = (StringShape) model.shape(shape.key());
    Shape valueShape = model.shape(shape.value());
    boolean scalarValues = isScalar(valueShape);
    boolean keysBroken = false;
    boolean valuesBroken = false;
    boolean sawNull = false;
    List<Violation> nested = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> entries = node.fields();
    while (entries.hasNext()) {
      Map.Entry<String, JsonNode> entry = entries.next();
      keysBroken |= !string(keyShape, entry.getKey()).isEmpty();
      JsonNode value = entry.getValue();
      String valuePath = path + "." + entry.getKey() + ".member";
      if (value.isNull()) {
        sawNull = true;
        if (!scalarValues) {
          nested.add(Violation.notNull(valuePath));
        }
      } else if (scalarValues) {
        valuesBroken |= !scalar(valueShape, value, valuePath).isEmpty();
      } else {
        member(valueShape, value, valuePath, nested);
      }
    }
    // Coral reports keys once and values once, keys first, however many entries break them.
    if (keysBroken) {
      violations.add(
          new Violation(
              path,
              ValueText.of(node),
              "Map keys must satisfy constraint: " + declared(keyShape, false)));
    }
    if (scalarValues && (valuesBroken || sawNull)) {
      violations.add(
          new Violation(
              path,
              ValueText.of(node),
              "Map value must satisfy constraint: " + declared(valueShape, sawNull)));
    }
    violations.addAll(nested);
  }

  private static void size(Range length, JsonNode node, String path, List<Violation> violations) {
    for (String constraint : length.broken(BigDecimal.valueOf(node.size()), "length")) {
      violations.add(new Violation(path, ValueText.of(node), constraint));
    }
  }

  /** The constraints a scalar value breaks; throws when the value has the wrong JSON type. */
  private List<String> scalar(Shape shape, JsonNode node, String path) {
    if (shape instanceof StringShape string) {
      expect(node.isTextual(), node, path, "a string");
      return string(string, node.textValue());
    } else if (shape instanceof NumberShape number) {
      return number(number, node, path);
    } else if (shape instanceof BooleanShape) {
      expect(node.isBoolean(), node, path, "a boolean");
      return List.of();
    } else if (shape instanceof TimestampShape) {
      timestamp(node, path);
      return List.of();
    }
    throw new IllegalStateException(shape.name() + " is not a scalar shape");
  }

  /** Length first, then pattern, then enum: the order Coral reports them in (spec §3.4). */
  private List<String> string(StringShape shape, String value) {
    List<String> broken =
        new ArrayList<>(
            shape
                .length()
                .broken(BigDecimal.valueOf(value.codePointCount(0, value.length())), "length"));
    shape
        .pattern()
        .filter(pattern -> !pattern.matches(value))
        .ifPresent(pattern -> broken.add(patternConstraint(pattern)));
    Set<String> allowed = allowedValues(shape);
    if (allowed != null && !allowed.contains(value)) {
      broken.add(Violation.enumConstraint(allowed));
    }
    return broken;
  }

  private static List<String> number(NumberShape shape, JsonNode node, String path) {
    NumberShape.Kind kind = shape.kind();
    expect(node.isNumber(), node, path, kind.integral() ? "an integer" : "a number");
    if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
      throw serialization(path, kind.integral() ? "an integer" : "a finite number", node);
    }
    BigDecimal value = node.decimalValue();
    if (kind.integral()) {
      // A whole number written as 2.0 is still a whole number; 2.5 cannot become one.
      if (value.signum() != 0 && value.stripTrailingZeros().scale() > 0) {
        throw serialization(path, "an integer", node);
      }
      boolean fits =
          kind == NumberShape.Kind.INTEGER
              ? value.compareTo(INT_MIN) >= 0 && value.compareTo(INT_MAX) <= 0
              : value.compareTo(LONG_MIN) >= 0 && value.compareTo(LONG_MAX) <= 0;
      if (!fits) {
        throw serialization(
            path, kind == NumberShape.Kind.INTEGER ? "a 32-bit integer" : "a 64-bit integer", node);
      }
    }
    return shape.value().broken(value, "value");
  }

  private static void timestamp(JsonNode node, String path) {
    if (node.isNumber()) {
      if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
        throw serialization(path, TIMESTAMP, node);
      }
      return;
    }
    if (node.isTextual()) {
      try {
        DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(node.textValue());
        return;
      } catch (DateTimeParseException e) {
        throw new AwsServiceException(
            AwsErrorCode.SERIALIZATION_EXCEPTION,
            "Expected " + TIMESTAMP + " at '" + path + "' but found a string that is not one.");
      }
    }
    throw serialization(path, TIMESTAMP, node);
  }

  /** Every constraint a scalar shape declares, bracketed, as Coral lists element constraints. */
  private String declared(Shape shape, boolean withNotNull) {
    List<String> constraints = new ArrayList<>();
    if (shape instanceof StringShape string) {
      constraints.addAll(string.length().declared("length"));
      string.pattern().ifPresent(pattern -> constraints.add(patternConstraint(pattern)));
      Set<String> allowed = allowedValues(string);
      if (allowed != null) {
        constraints.add(Violation.enumConstraint(allowed));
      }
    } else if (shape instanceof NumberShape number) {
      constraints.addAll(number.value().declared("value"));
    }
    if (withNotNull) {
      constraints.add(Violation.NOT_NULL);
    }
    return "[" + String.join(", ", constraints) + "]";
  }

  /** The values a string may take, or null when any value is allowed. */
  private Set<String> allowedValues(StringShape shape) {
    Set<String> override = enumOverrides.get(shape.name());
    if (override != null) {
      return override;
    }
    return shape.enumValues().isEmpty() ? null : shape.enumValues();
  }

  private static String patternConstraint(ShapePattern pattern) {
    return "Member must satisfy regular expression pattern: " + pattern.printed();
  }

  private static boolean isScalar(Shape shape) {
    return !(shape instanceof StructureShape
        || shape instanceof ListShape
        || shape instanceof MapShape);
  }

  private static void expect(boolean ok, JsonNode node, String path, String expected) {
    if (!ok) {
      throw serialization(path, expected, node);
    }
  }

  private static AwsServiceException serialization(String path, String expected, JsonNode node) {
    return new AwsServiceException(
        AwsErrorCode.SERIALIZATION_EXCEPTION,
        "Expected " + expected + " at '" + path + "' but found " + describe(node) + ".");
  }

  /** The JSON type of a value; numbers are printed because "found 2.5" says the most. */
  private static String describe(JsonNode node) {
    return switch (node.getNodeType()) {
      case STRING -> "a string";
      case NUMBER -> node.asText();
      case BOOLEAN -> "a boolean";
      case ARRAY -> "a JSON array";
      case OBJECT -> "a JSON object";
      case NULL -> "null";
      default -> node.getNodeType().toString().toLowerCase(Locale.ROOT);
    };
  }
}
