package dev.berth.runtime.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.berth.runtime.codec.Tensor;
import dev.berth.runtime.codec.TensorType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Copies between Berth's {@link Tensor} and DJL's {@link NDArray}; the one place that maps types.
 */
final class NdArrays {
  private NdArrays() {}

  static NDArray toNdArray(NDManager manager, Tensor tensor) {
    // ONNX Runtime reads a direct buffer in place and copies a heap buffer into native memory
    // first; the bytes are already little-endian.
    NDArray array =
        manager.create(tensor.data(), new Shape(tensor.shape()), dataType(tensor.type()));
    array.setName(tensor.name());
    return array;
  }

  static Tensor toTensor(NDArray array, String name) {
    ByteBuffer source = array.toByteBuffer();
    ByteBuffer copy = ByteBuffer.allocate(source.remaining()).order(ByteOrder.LITTLE_ENDIAN);
    copy.put(source).flip();
    return new Tensor(name, tensorType(array.getDataType()), array.getShape().getShape(), copy);
  }

  static DataType dataType(TensorType type) {
    return switch (type) {
      case FLOAT32 -> DataType.FLOAT32;
      case FLOAT64 -> DataType.FLOAT64;
      case INT32 -> DataType.INT32;
      case INT64 -> DataType.INT64;
      case INT8 -> DataType.INT8;
      case UINT8 -> DataType.UINT8;
      case BOOL -> DataType.BOOLEAN;
    };
  }

  static TensorType tensorType(DataType type) {
    return switch (type) {
      case FLOAT32 -> TensorType.FLOAT32;
      case FLOAT64 -> TensorType.FLOAT64;
      case INT32 -> TensorType.INT32;
      case INT64 -> TensorType.INT64;
      case INT8 -> TensorType.INT8;
      case UINT8 -> TensorType.UINT8;
      case BOOLEAN -> TensorType.BOOL;
      default ->
          throw new IllegalStateException(
              "the model produced " + type + ", which Berth cannot serve");
    };
  }
}
