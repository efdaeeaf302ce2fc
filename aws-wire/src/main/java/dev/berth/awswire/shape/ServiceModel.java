package dev.berth.awswire.shape;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A botocore-style service model: operations with their input and output shapes, and the shapes
 * themselves, with every pattern compiled. Immutable and safe to share between threads; load it
 * once per process.
 *
 * <pre>{@code
 * ServiceModel model;
 * try (InputStream in = Main.class.getResourceAsStream("/sagemaker/service-shapes.json")) {
 *   model = ServiceModel.load(in);
 * }
 * }</pre>
 *
 * <p>The file holds {@code {"operations": {Op: {"input": Shape, "output": Shape}}, "shapes": {Name:
 * shape}}}. Loading fails fast on anything the validator could not check faithfully (an unknown
 * shape type, a name that resolves to nothing, a pattern Java cannot compile), so a bad model stops
 * the process at start rather than letting bad input through later.
 */
public final class ServiceModel {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Operation> operations;
  private final Map<String, Shape> shapes;

  private ServiceModel(Map<String, Operation> operations, Map<String, Shape> shapes) {
    this.operations = Collections.unmodifiableMap(operations);
    this.shapes = Collections.unmodifiableMap(shapes);
  }

  /**
   * Reads a model. The stream is read to its end but not closed.
   *
   * @throws UncheckedIOException when the stream cannot be read or is not JSON
   * @throws IllegalArgumentException when the model is inconsistent or uses an unsupported type
   */
  public static ServiceModel load(InputStream json) {
    Objects.requireNonNull(json, "json");
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the service model", e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("The service model is not a JSON object");
    }
    Map<String, Shape> shapes = new LinkedHashMap<>();
    object(root, "shapes", "the model")
        .fields()
        .forEachRemaining(e -> shapes.put(e.getKey(), parseShape(e.getKey(), e.getValue())));
    Map<String, Operation> operations = new LinkedHashMap<>();
    object(root, "operations", "the model")
        .fields()
        .forEachRemaining(
            e ->
                operations.put(
                    e.getKey(),
                    new Operation(
                        optionalText(e.getValue(), "input"),
                        optionalText(e.getValue(), "output"))));
    checkReferences(operations, shapes);
    return new ServiceModel(operations, shapes);
  }

  /** The name of the operation's input shape, e.g. {@code CreateEndpointInput}. */
  public Optional<String> inputShape(String operation) {
    return Optional.ofNullable(operations.get(operation)).flatMap(Operation::input);
  }

  /** The name of the operation's output shape; empty for operations that answer no body. */
  public Optional<String> outputShape(String operation) {
    return Optional.ofNullable(operations.get(operation)).flatMap(Operation::output);
  }

  /** The operation names, in model order. */
  public Set<String> operations() {
    return operations.keySet();
  }

  /**
   * The shape with this name.
   *
   * @throws IllegalArgumentException when the model has no such shape (a programming error: names
   *     come from the model itself)
   */
  public Shape shape(String name) {
    Shape shape = shapes.get(name);
    if (shape == null) {
      throw new IllegalArgumentException("The service model has no shape " + name);
    }
    return shape;
  }

  /** Every shape, in model order. */
  public Collection<Shape> shapes() {
    return shapes.values();
  }

  private static Shape parseShape(String name, JsonNode node) {
    String type = text(node, "type", name);
    return switch (type) {
      case "structure" -> parseStructure(name, node);
      case "string" ->
          new StringShape(
              name,
              range(node, name),
              optionalText(node, "pattern").map(p -> ShapePattern.compile(name, p)),
              enumValues(node, name));
      case "integer" -> new NumberShape(name, NumberShape.Kind.INTEGER, range(node, name));
      case "long" -> new NumberShape(name, NumberShape.Kind.LONG, range(node, name));
      case "float" -> new NumberShape(name, NumberShape.Kind.FLOAT, range(node, name));
      case "double" -> new NumberShape(name, NumberShape.Kind.DOUBLE, range(node, name));
      case "list" -> new ListShape(name, target(node, "member", name), range(node, name));
      case "map" ->
          new MapShape(
              name, target(node, "key", name), target(node, "value", name), range(node, name));
      case "boolean" -> new BooleanShape(name);
      case "timestamp" -> new TimestampShape(name);
      default ->
          throw new IllegalArgumentException("Shape " + name + " has unsupported type " + type);
    };
  }

  private static StructureShape parseStructure(String name, JsonNode node) {
    Set<String> required = new HashSet<>();
    JsonNode requiredNode = node.path("required");
    if (!requiredNode.isMissingNode() && !requiredNode.isArray()) {
      throw new IllegalArgumentException("Shape " + name + " has a 'required' that is not a list");
    }
    requiredNode.forEach(r -> required.add(r.asText()));
    List<StructureShape.Member> members = new ArrayList<>();
    JsonNode membersNode = node.path("members");
    if (!membersNode.isMissingNode()) {
      object(node, "members", name)
          .fields()
          .forEachRemaining(
              e ->
                  members.add(
                      new StructureShape.Member(
                          e.getKey(),
                          text(e.getValue(), "shape", name + "." + e.getKey()),
                          required.remove(e.getKey()))));
    }
    if (!required.isEmpty()) {
      throw new IllegalArgumentException(
          "Shape " + name + " requires members it does not have: " + required);
    }
    return new StructureShape(name, members);
  }

  private static Range range(JsonNode node, String name) {
    return new Range(bound(node, "min", name), bound(node, "max", name));
  }

  private static Optional<Range.Bound> bound(JsonNode node, String field, String name) {
    JsonNode value = node.get(field);
    if (value == null) {
      return Optional.empty();
    }
    if (!value.isNumber()) {
      throw new IllegalArgumentException("Shape " + name + " has a non-numeric " + field);
    }
    // The text is kept as the model writes it so messages print "63" for 63 and "1.0" for 1.0.
    return Optional.of(new Range.Bound(value.decimalValue(), value.asText()));
  }

  private static Set<String> enumValues(JsonNode node, String name) {
    JsonNode values = node.get("enum");
    if (values == null) {
      return Set.of();
    }
    if (!values.isArray()) {
      throw new IllegalArgumentException("Shape " + name + " has an 'enum' that is not a list");
    }
    Set<String> result = new LinkedHashSet<>();
    values.forEach(v -> result.add(v.asText()));
    return result;
  }

  private static String target(JsonNode node, String field, String name) {
    return text(object(node, field, name), "shape", name + "." + field);
  }

  private static void checkReferences(
      Map<String, Operation> operations, Map<String, Shape> shapes) {
    for (Shape shape : shapes.values()) {
      if (shape instanceof StructureShape structure) {
        structure.members().forEach(m -> resolve(shapes, m.shape(), structure.name()));
      } else if (shape instanceof ListShape list) {
        resolve(shapes, list.member(), list.name());
      } else if (shape instanceof MapShape map) {
        if (!(resolve(shapes, map.key(), map.name()) instanceof StringShape)) {
          throw new IllegalArgumentException(
              "Map " + map.name() + " has keys that are not strings");
        }
        resolve(shapes, map.value(), map.name());
      }
    }
    operations.forEach(
        (name, op) -> {
          op.input().ifPresent(s -> requireStructure(shapes, s, name));
          op.output().ifPresent(s -> requireStructure(shapes, s, name));
        });
  }

  private static Shape resolve(Map<String, Shape> shapes, String target, String referrer) {
    Shape shape = shapes.get(target);
    if (shape == null) {
      throw new IllegalArgumentException(referrer + " refers to unknown shape " + target);
    }
    return shape;
  }

  private static void requireStructure(Map<String, Shape> shapes, String target, String op) {
    if (!(resolve(shapes, target, op) instanceof StructureShape)) {
      throw new IllegalArgumentException(
          "Operation " + op + " uses " + target + ", not a structure");
    }
  }

  private static JsonNode object(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || !value.isObject()) {
      throw new IllegalArgumentException("Missing object '" + field + "' in " + where);
    }
    return value;
  }

  private static String text(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("Missing string '" + field + "' in " + where);
    }
    return value.asText();
  }

  private static Optional<String> optionalText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
  }

  private record Operation(Optional<String> input, Optional<String> output) {}
}
