package dev.berth.runtime.codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads and writes one array in the NumPy {@code .npy} format (versions 1.0, 2.0 and 3.0 of the
 * header; see numpy's {@code format.py}). Hand-written rather than DJL's codec because DJL 0.36
 * offers no public bare-{@code .npy} writer (only {@code .npz} and its own format) and its reader
 * needs a native engine's {@code NDManager}; this way the codecs stay pure Java and testable
 * without an engine.
 *
 * <p>Reads little- and big-endian data in C order; Fortran order is refused with a clear message.
 * Writes little-endian, C order, header padded to 64 bytes as numpy does.
 */
public final class Npy {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final int ALIGN = 64;

  private Npy() {}

  /**
   * Reads a {@code .npy} file into a tensor named {@code name}.
   *
   * @throws IllegalArgumentException with a reason when the bytes are not an {@code .npy} Berth can
   *     read
   */
  public static Tensor read(byte[] bytes, String name) {
    return read(ByteBuffer.wrap(bytes), name);
  }

  /**
   * Reads the {@code .npy} file in {@code file}'s remaining bytes into a tensor named {@code name}.
   * Little-endian (or single-byte) data is not copied: the tensor is a view of {@code file}'s
   * memory, so a direct buffer stays one the engine can read in place; the caller must not change
   * those bytes afterwards. Big-endian data is swapped into a new buffer.
   *
   * @throws IllegalArgumentException with a reason when the bytes are not an {@code .npy} Berth can
   *     read
   */
  public static Tensor read(ByteBuffer file, String name) {
    ByteBuffer in = file.slice().order(ByteOrder.LITTLE_ENDIAN);
    int length = in.remaining();
    byte[] magic = new byte[MAGIC.length];
    if (length < 10) {
      throw new IllegalArgumentException("the body does not start with the .npy magic \\x93NUMPY");
    }
    in.get(0, magic);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new IllegalArgumentException("the body does not start with the .npy magic \\x93NUMPY");
    }
    int major = in.get(6);
    int headerLength;
    int dataStart;
    if (major == 1) {
      headerLength = Short.toUnsignedInt(in.getShort(8));
      dataStart = 10 + headerLength;
    } else if (major == 2 || major == 3) {
      if (length < 12) {
        throw new IllegalArgumentException("the .npy header is truncated");
      }
      headerLength = in.getInt(8);
      dataStart = 12 + headerLength;
    } else {
      throw new IllegalArgumentException("unsupported .npy version " + major);
    }
    if (headerLength < 0 || dataStart < 0 || dataStart > length) {
      throw new IllegalArgumentException("the .npy header is truncated");
    }
    byte[] headerBytes = new byte[headerLength];
    in.get(dataStart - headerLength, headerBytes);
    String header =
        new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    NpyHeader parsed = NpyHeader.parse(header);
    String descr = parsed.descr();
    if (parsed.fortranOrder()) {
      throw new IllegalArgumentException(
          "Fortran-ordered arrays are not supported; send np.ascontiguousarray(x)");
    }
    long[] shape = parsed.shape();
    if (descr.length() < 2) {
      throw new IllegalArgumentException("unsupported dtype '" + descr + "'");
    }
    char order = descr.charAt(0);
    TensorType type = TensorType.fromNumpyKind(descr.substring(1));
    long count = Tensor.elementCount(shape);
    long expected = count * type.byteSize();
    if (length - dataStart != expected) {
      throw new IllegalArgumentException(
          "shape "
              + Arrays.toString(shape)
              + " of "
              + descr
              + " needs "
              + expected
              + " data bytes, the body has "
              + (length - dataStart));
    }
    ByteBuffer data = in.slice(dataStart, (int) expected).order(ByteOrder.LITTLE_ENDIAN);
    if (order == '>' && type.byteSize() > 1) {
      ByteBuffer swapped = Tensor.allocate(type, count);
      copySwapped(data, swapped, type, (int) count);
      data = swapped;
    }
    return new Tensor(name, type, shape, data);
  }

  private static void copySwapped(ByteBuffer data, ByteBuffer target, TensorType type, int count) {
    ByteBuffer source = data.duplicate().order(ByteOrder.BIG_ENDIAN);
    for (int i = 0; i < count; i++) {
      int at = i * type.byteSize();
      switch (type.byteSize()) {
        case 2 -> target.putShort(at, source.getShort(at));
        case 4 -> target.putInt(at, source.getInt(at));
        default -> target.putLong(at, source.getLong(at));
      }
    }
  }

  /** Writes {@code tensor} as a {@code .npy} file of {@code shape} (which must hold as many). */
  public static byte[] write(Tensor tensor, long[] shape) {
    if (Tensor.elementCount(shape) != tensor.elementCount()) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not fit");
    }
    StringBuilder dict =
        new StringBuilder(64)
            .append("{'descr': '")
            .append(tensor.type().numpyDescr())
            .append("', 'fortran_order': False, 'shape': (");
    for (int i = 0; i < shape.length; i++) {
      dict.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    dict.append(shape.length == 1 ? ",), }" : "), }");
    boolean v1 = dict.length() + 1 + 10 < 65536;
    int preamble = v1 ? 10 : 12;
    int unpadded = preamble + dict.length() + 1;
    int padding = (ALIGN - unpadded % ALIGN) % ALIGN;
    String header = dict.append(" ".repeat(padding)).append('\n').toString();
    byte[] headerBytes = header.getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer data = tensor.data();
    ByteBuffer out =
        ByteBuffer.allocate(preamble + headerBytes.length + data.remaining())
            .order(ByteOrder.LITTLE_ENDIAN);
    out.put(MAGIC).put((byte) (v1 ? 1 : 2)).put((byte) 0);
    if (v1) {
      out.putShort((short) headerBytes.length);
    } else {
      out.putInt(headerBytes.length);
    }
    out.put(headerBytes).put(data);
    return out.array();
  }
}
