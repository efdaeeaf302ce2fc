package dev.berth.runtime.codec;

import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * The element types a model input or output may have, with the names each wire format uses for
 * them: the Open Inference Protocol v2 {@code datatype} (e.g. {@code FP32}), the ONNX element type
 * (e.g. {@code float}) and the NumPy {@code descr} (e.g. {@code <f4}).
 *
 * <p>Values are read and written little-endian, the byte order of every {@link Tensor}.
 */
public enum TensorType {
  /** 32-bit IEEE float. */
  FLOAT32("FP32", "float", "<f4", 4),
  /** 64-bit IEEE float. */
  FLOAT64("FP64", "double", "<f8", 8),
  /** 32-bit signed integer. */
  INT32("INT32", "int32", "<i4", 4),
  /** 64-bit signed integer. */
  INT64("INT64", "int64", "<i8", 8),
  /** 8-bit signed integer. */
  INT8("INT8", "int8", "|i1", 1),
  /** 8-bit unsigned integer. */
  UINT8("UINT8", "uint8", "|u1", 1),
  /** One byte per value, 0 or 1. */
  BOOL("BOOL", "bool", "|b1", 1);

  private final String oipName;
  private final String onnxName;
  private final String numpyDescr;
  private final int byteSize;

  TensorType(String oipName, String onnxName, String numpyDescr, int byteSize) {
    this.oipName = oipName;
    this.onnxName = onnxName;
    this.numpyDescr = numpyDescr;
    this.byteSize = byteSize;
  }

  /** The Open Inference Protocol v2 name, e.g. {@code FP32}; also used in error messages. */
  public String oipName() {
    return oipName;
  }

  /** The ONNX element type name, e.g. {@code float}. */
  public String onnxName() {
    return onnxName;
  }

  /** The NumPy {@code descr} this type is written with, e.g. {@code <f4}. */
  public String numpyDescr() {
    return numpyDescr;
  }

  /** Bytes per element. */
  public int byteSize() {
    return byteSize;
  }

  /** Whether values are floating point (JSON and CSV then print them with a decimal point). */
  public boolean isFloatingPoint() {
    return this == FLOAT32 || this == FLOAT64;
  }

  /**
   * The type for an Open Inference Protocol v2 {@code datatype}.
   *
   * @throws IllegalArgumentException if Berth does not serve that type
   */
  public static TensorType fromOipName(String name) {
    String wanted = name == null ? "" : name.trim().toUpperCase(Locale.ROOT);
    for (TensorType type : values()) {
      if (type.oipName.equals(wanted)) {
        return type;
      }
    }
    throw new IllegalArgumentException("unsupported datatype '" + name + "'");
  }

  /**
   * The type for a NumPy {@code descr} kind and size, ignoring byte order (e.g. {@code f4}).
   *
   * @throws IllegalArgumentException if Berth does not serve that type
   */
  public static TensorType fromNumpyKind(String kindAndSize) {
    for (TensorType type : values()) {
      if (type.numpyDescr.substring(1).equals(kindAndSize)) {
        return type;
      }
    }
    throw new IllegalArgumentException("unsupported NumPy dtype '" + kindAndSize + "'");
  }

  /** Reads element {@code index} as a double (exact for every type but large INT64 values). */
  public double getDouble(ByteBuffer data, int index) {
    int at = index * byteSize;
    return switch (this) {
      case FLOAT32 -> data.getFloat(at);
      case FLOAT64 -> data.getDouble(at);
      case INT32 -> data.getInt(at);
      case INT64 -> data.getLong(at);
      case INT8, BOOL -> data.get(at);
      case UINT8 -> data.get(at) & 0xff;
    };
  }

  /** Reads element {@code index} as a long; floating-point values are truncated. */
  public long getLong(ByteBuffer data, int index) {
    int at = index * byteSize;
    return switch (this) {
      case INT64 -> data.getLong(at);
      default -> (long) getDouble(data, index);
    };
  }

  /** Writes {@code value} as element {@code index}, narrowing it to this type. */
  public void putDouble(ByteBuffer data, int index, double value) {
    int at = index * byteSize;
    switch (this) {
      case FLOAT32 -> data.putFloat(at, (float) value);
      case FLOAT64 -> data.putDouble(at, value);
      case INT32 -> data.putInt(at, (int) value);
      case INT64 -> data.putLong(at, (long) value);
      case INT8, UINT8 -> data.put(at, (byte) value);
      case BOOL -> data.put(at, (byte) (value != 0 ? 1 : 0));
    }
  }

  /** Writes {@code value} as element {@code index}; kept apart so INT64 stays exact. */
  public void putLong(ByteBuffer data, int index, long value) {
    if (this == INT64) {
      data.putLong(index * byteSize, value);
    } else {
      putDouble(data, index, value);
    }
  }
}
