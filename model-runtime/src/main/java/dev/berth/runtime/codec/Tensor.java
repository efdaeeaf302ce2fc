package dev.berth.runtime.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * One named n-dimensional array, as it travels between the payload codecs and the engines: the
 * elements are the remaining bytes of {@code data} (exactly {@code elementCount() *
 * type.byteSize()} of them), little-endian, in C (row-major) order.
 *
 * <p>Usage: {@code Tensor.ofFloats("input", new long[] {1, 4}, 1f, 2f, 3f, 4f)}.
 *
 * @param name the input or output name the model knows it by
 * @param type the element type
 * @param shape the dimensions; dimension 0 is the batch dimension where there is one
 * @param data the elements (its remaining bytes), little-endian, C order; not copied, so the caller
 *     must not change them afterwards
 */
public record Tensor(String name, TensorType type, long[] shape, ByteBuffer data) {

  /** Checks that {@code data} holds exactly the elements {@code shape} needs. */
  public Tensor {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(data, "data");
    shape = shape.clone();
    // The elements are the buffer's remaining bytes, as NIO has it; slicing pins them at 0.
    data = data.slice().order(ByteOrder.LITTLE_ENDIAN);
    long expected = elementCount(shape) * type.byteSize();
    if (data.capacity() != expected) {
      throw new IllegalArgumentException(
          "tensor '"
              + name
              + "' of shape "
              + Arrays.toString(shape)
              + " needs "
              + expected
              + " bytes, got "
              + data.capacity());
    }
  }

  /** A tensor of zeros. */
  public static Tensor zeros(String name, TensorType type, long[] shape) {
    return new Tensor(name, type, shape, allocate(type, elementCount(shape)));
  }

  /** A FLOAT32 tensor holding {@code values}, which must fill {@code shape}. */
  public static Tensor ofFloats(String name, long[] shape, float... values) {
    ByteBuffer data = allocate(TensorType.FLOAT32, values.length);
    data.asFloatBuffer().put(values);
    return new Tensor(name, TensorType.FLOAT32, shape, data);
  }

  /** A little-endian buffer with room for {@code count} elements of {@code type}. */
  public static ByteBuffer allocate(TensorType type, long count) {
    long bytes = count * type.byteSize();
    if (bytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("a tensor of " + count + " elements is too large");
    }
    return ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** The number of elements a tensor of {@code shape} holds. */
  public static long elementCount(long[] shape) {
    long count = 1;
    for (long dim : shape) {
      if (dim < 0) {
        throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
      }
      count = Math.multiplyExact(count, dim);
    }
    return count;
  }

  /** The number of elements. */
  public int elementCount() {
    return (int) elementCount(shape);
  }

  /** The shape (a copy: records would otherwise leak the array). */
  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** A read-only view of the elements, positioned at 0, little-endian. */
  @Override
  public ByteBuffer data() {
    return data.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN).rewind();
  }

  /** The elements as floats, converting from any type. */
  public float[] toFloats() {
    float[] values = new float[elementCount()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) type.getDouble(data, i);
    }
    return values;
  }

  /** This tensor under another name. */
  public Tensor withName(String newName) {
    return new Tensor(newName, type, shape, data);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tensor t
        && Objects.equals(name, t.name)
        && type == t.type
        && Arrays.equals(shape, t.shape)
        && data().equals(t.data());
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, type, Arrays.hashCode(shape));
  }

  @Override
  public String toString() {
    return "Tensor[" + name + " " + Arrays.toString(shape) + " " + type.oipName() + "]";
  }
}
