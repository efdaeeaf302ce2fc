package dev.berth.runtime.codec;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * {@code application/x-npy}: one array in, one array out. NumPy's defaults (float64, int64) are
 * cast to the model's input type, so {@code np.array([[1, 2, 3, 4]])} reaches an FP32 model.
 */
final class NpyPayloads {
  private NpyPayloads() {}

  /** Decodes {@code body}; its tensor is a view of the body's memory when no cast is needed. */
  static DecodedRequest decode(ByteBuffer body, List<TensorSpec> specs) {
    TensorSpec spec = InputMatcher.single(specs, "application/x-npy");
    Tensor read;
    try {
      read = Npy.read(body, spec.name());
    } catch (IllegalArgumentException e) {
      throw InputMatcher.unreadable(
          "The body is not a readable .npy array: " + e.getMessage() + ".", specs);
    }
    InputMatcher.Fit fit = InputMatcher.fit(spec, read.shape(), true);
    TensorType type = spec.type() == null ? read.type() : spec.type();
    Tensor tensor = new Tensor(spec.name(), type, fit.shape(), cast(read, type));
    return new DecodedRequest(PayloadFormat.NPY, List.of(tensor), null, fit.promoted());
  }

  private static ByteBuffer cast(Tensor tensor, TensorType type) {
    if (tensor.type() == type) {
      return tensor.data();
    }
    ByteBuffer source = tensor.data();
    ByteBuffer target = Tensor.allocate(type, tensor.elementCount());
    for (int i = 0, n = tensor.elementCount(); i < n; i++) {
      if (type.isFloatingPoint() || tensor.type().isFloatingPoint()) {
        type.putDouble(target, i, tensor.type().getDouble(source, i));
      } else {
        type.putLong(target, i, tensor.type().getLong(source, i));
      }
    }
    return target;
  }

  static byte[] encode(DecodedRequest request, List<Tensor> outputs) {
    if (outputs.size() != 1) {
      throw new UnsupportedMediaTypeException(
          "application/x-npy holds one array, but this model has "
              + outputs.size()
              + " outputs ("
              + outputs.stream().map(Tensor::name).toList()
              + "); ask for application/json.");
    }
    Tensor output = outputs.get(0);
    long[] shape = output.shape();
    if (request.unbatched() && shape.length > 0 && shape[0] == 1) {
      shape = Arrays.copyOfRange(shape, 1, shape.length);
    }
    return Npy.write(output, shape);
  }
}
