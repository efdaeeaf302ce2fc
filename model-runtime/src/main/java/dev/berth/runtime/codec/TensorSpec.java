package dev.berth.runtime.codec;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a model declares about one of its inputs or outputs. ONNX models say all of it; a
 * TorchScript model says nothing, so its specs have a null {@code type} and {@code shape} and
 * accept any tensor.
 *
 * @param name the name the model knows the tensor by
 * @param type the element type, or null when the engine does not say
 * @param shape the dimensions, -1 for a dynamic one; null when the engine does not say
 */
public record TensorSpec(String name, TensorType type, long[] shape) {

  /** Copies {@code shape}, which may be null when unknown. */
  public TensorSpec {
    Objects.requireNonNull(name, "name");
    shape = shape == null ? null : shape.clone();
  }

  /** A spec for a tensor the engine describes no further than its name. */
  public static TensorSpec unknown(String name) {
    return new TensorSpec(name, null, null);
  }

  /** The shape (a copy), or null when unknown. */
  @Override
  public long[] shape() {
    return shape == null ? null : shape.clone();
  }

  /** Whether the engine declared a shape. */
  public boolean hasShape() {
    return shape != null;
  }

  /** Whether dimension 0 is dynamic, so that requests can be stacked along it. */
  public boolean hasDynamicBatch() {
    return shape == null || (shape.length > 0 && shape[0] < 0);
  }

  /** Whether a tensor of {@code actual} dimensions fits this spec. */
  public boolean accepts(long[] actual) {
    if (shape == null) {
      return true;
    }
    if (actual.length != shape.length) {
      return false;
    }
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] >= 0 && shape[i] != actual[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * The spec in the words error messages use, e.g. {@code Input 'input' expects shape [-1, 4] of
   * FP32}.
   */
  public String describe(String role) {
    String shapeText = shape == null ? "any shape" : "shape " + Arrays.toString(shape);
    String typeText = type == null ? "any type" : type.oipName();
    return role + " '" + name + "' expects " + shapeText + " of " + typeText;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorSpec s
        && name.equals(s.name)
        && type == s.type
        && Arrays.equals(shape, s.shape);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, type, Arrays.hashCode(shape));
  }

  @Override
  public String toString() {
    return name + " " + (shape == null ? "[?]" : Arrays.toString(shape)) + " " + type;
  }
}
