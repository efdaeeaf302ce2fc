package dev.berth.runtime.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Converts between nested JSON arrays ({@code [[1, 2], [3, 4]]}) and tensor elements in C order.
 * Kept apart from the JSON styles because all three use it.
 */
final class NestedJson {
  private NestedJson() {}

  /**
   * The dimensions of a nested array, read along its first elements; {@code []} for a scalar.
   * {@link #fill} later rejects arrays that are not rectangular.
   */
  static long[] shapeOf(JsonNode node) {
    List<Long> dims = new ArrayList<>();
    JsonNode current = node;
    while (current.isArray()) {
      dims.add((long) current.size());
      if (current.isEmpty()) {
        break;
      }
      current = current.get(0);
    }
    return dims.stream().mapToLong(Long::longValue).toArray();
  }

  /**
   * Writes the leaves of {@code node}, which must have exactly {@code shape}, into a new buffer of
   * {@code type}.
   *
   * @param what how error messages name the array, e.g. {@code Input 'input'}
   */
  static ByteBuffer fill(JsonNode node, long[] shape, TensorType type, String what) {
    ByteBuffer data = Tensor.allocate(type, Tensor.elementCount(shape));
    int written = fill(node, shape, 0, type, data, 0, what);
    assert written == Tensor.elementCount(shape);
    return data;
  }

  private static int fill(
      JsonNode node,
      long[] shape,
      int depth,
      TensorType type,
      ByteBuffer data,
      int at,
      String what) {
    if (depth == shape.length) {
      putLeaf(node, type, data, at, what);
      return at + 1;
    }
    if (!node.isArray() || node.size() != shape[depth]) {
      throw new BadPayloadException(
          what
              + " is not a rectangular array of shape "
              + Arrays.toString(shape)
              + ": found "
              + (node.isArray() ? "a row of " + node.size() + " values" : node.toString())
              + " at depth "
              + depth
              + ".");
    }
    int next = at;
    for (JsonNode child : node) {
      next = fill(child, shape, depth + 1, type, data, next, what);
    }
    return next;
  }

  private static void putLeaf(
      JsonNode leaf, TensorType type, ByteBuffer data, int at, String what) {
    if (leaf.isBoolean()) {
      type.putLong(data, at, leaf.booleanValue() ? 1 : 0);
    } else if (!leaf.isNumber()) {
      throw new BadPayloadException(what + " holds numbers only; found " + leaf + ".");
    } else if (type.isFloatingPoint()) {
      type.putDouble(data, at, leaf.doubleValue());
    } else if (leaf.isIntegralNumber() || leaf.doubleValue() == Math.rint(leaf.doubleValue())) {
      type.putLong(data, at, leaf.longValue());
    } else {
      throw new BadPayloadException(
          what + " holds " + type.oipName() + " values; found " + leaf + ".");
    }
  }

  /** The elements of a flat or nested JSON array in order, for OIP {@code data}. */
  static List<JsonNode> leaves(JsonNode node) {
    List<JsonNode> out = new ArrayList<>();
    collect(node, out);
    return out;
  }

  private static void collect(JsonNode node, List<JsonNode> out) {
    if (node.isArray()) {
      for (JsonNode child : node) {
        collect(child, out);
      }
    } else {
      out.add(node);
    }
  }

  /** Writes leaves in order into a buffer of {@code type}. */
  static ByteBuffer fill(List<JsonNode> leaves, TensorType type, String what) {
    ByteBuffer data = Tensor.allocate(type, leaves.size());
    for (int i = 0; i < leaves.size(); i++) {
      putLeaf(leaves.get(i), type, data, i, what);
    }
    return data;
  }

  /**
   * Writes elements {@code [from, from + count of shape)} of {@code tensor} as a nested array of
   * {@code shape}.
   */
  static void write(JsonGenerator json, Tensor tensor, long[] shape, int from) throws IOException {
    ByteBuffer data = tensor.data();
    writeLevel(json, tensor.type(), data, shape, 0, from);
  }

  private static int writeLevel(
      JsonGenerator json, TensorType type, ByteBuffer data, long[] shape, int depth, int at)
      throws IOException {
    if (depth == shape.length) {
      writeElement(json, type, data, at);
      return at + 1;
    }
    json.writeStartArray();
    int next = at;
    for (long i = 0; i < shape[depth]; i++) {
      next = writeLevel(json, type, data, shape, depth + 1, next);
    }
    json.writeEndArray();
    return next;
  }

  /** Writes all elements flat, for OIP {@code data}. */
  static void writeFlat(JsonGenerator json, Tensor tensor) throws IOException {
    ByteBuffer data = tensor.data();
    json.writeStartArray();
    for (int i = 0, n = tensor.elementCount(); i < n; i++) {
      writeElement(json, tensor.type(), data, i);
    }
    json.writeEndArray();
  }

  private static void writeElement(JsonGenerator json, TensorType type, ByteBuffer data, int at)
      throws IOException {
    switch (type) {
      case FLOAT32 -> json.writeNumber(data.getFloat(at * 4));
      case FLOAT64 -> json.writeNumber(data.getDouble(at * 8));
      case BOOL -> json.writeBoolean(data.get(at) != 0);
      default -> json.writeNumber(type.getLong(data, at));
    }
  }
}
