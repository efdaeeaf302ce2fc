package dev.berth.runtime.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NpyTest {

  /** The bytes numpy writes for {@code np.save(f, np.array([[1, 2], [3, 4]], dtype='<f4'))}. */
  private static byte[] numpyFloat32TwoByTwo() {
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }";
    String header = padded(dict, 10);
    ByteBuffer out = ByteBuffer.allocate(10 + header.length() + 16).order(ByteOrder.LITTLE_ENDIAN);
    out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    out.putShort((short) header.length());
    out.put(header.getBytes(StandardCharsets.US_ASCII));
    out.putFloat(1).putFloat(2).putFloat(3).putFloat(4);
    return out.array();
  }

  /** numpy pads the header with spaces and a newline so that the data starts 64-aligned. */
  private static String padded(String dict, int preamble) {
    int unpadded = preamble + dict.length() + 1;
    return dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
  }

  @Test
  void writesExactlyWhatNumpyWrites() {
    Tensor tensor = Tensor.ofFloats("x", new long[] {2, 2}, 1, 2, 3, 4);
    assertThat(Npy.write(tensor, tensor.shape())).isEqualTo(numpyFloat32TwoByTwo());
  }

  @Test
  void readsWhatNumpyWrites() {
    Tensor read = Npy.read(numpyFloat32TwoByTwo(), "x");
    assertThat(read.type()).isEqualTo(TensorType.FLOAT32);
    assertThat(read.shape()).containsExactly(2, 2);
    assertThat(read.toFloats()).containsExactly(1, 2, 3, 4);
  }

  @Test
  void oneDimensionalShapeIsWrittenAsOneTuple() {
    byte[] bytes = Npy.write(Tensor.ofFloats("x", new long[] {3}, 1, 2, 3), new long[] {3});
    assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).contains("'shape': (3,), }");
    assertThat((bytes.length - 3 * 4) % 64).isZero();
    assertThat(Npy.read(bytes, "x").shape()).containsExactly(3);
  }

  @Test
  void readsVersionTwoHeadersAndBigEndianData() throws Exception {
    String dict = "{'descr': '>i4', 'fortran_order': False, 'shape': (2,), }";
    String header = padded(dict, 12);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0});
    out.write(
        ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(header.length()).array());
    out.write(header.getBytes(StandardCharsets.US_ASCII));
    out.write(ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putInt(7).putInt(-2).array());

    Tensor read = Npy.read(out.toByteArray(), "x");
    assertThat(read.type()).isEqualTo(TensorType.INT32);
    assertThat(read.type().getLong(read.data(), 0)).isEqualTo(7);
    assertThat(read.type().getLong(read.data(), 1)).isEqualTo(-2);
  }

  @Test
  void refusesFortranOrderAndTruncatedData() {
    byte[] fortran =
        new String(numpyFloat32TwoByTwo(), StandardCharsets.ISO_8859_1)
            .replace("False", "True ")
            .getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> Npy.read(fortran, "x")).hasMessageContaining("Fortran");
    byte[] truncated = java.util.Arrays.copyOf(numpyFloat32TwoByTwo(), 128 + 8);
    assertThatThrownBy(() -> Npy.read(truncated, "x")).hasMessageContaining("needs 16 data bytes");
    assertThatThrownBy(() -> Npy.read(new byte[] {1, 2, 3}, "x")).hasMessageContaining("magic");
  }

  @Test
  void readsAFileThatStartsPartWayIntoABuffer() {
    byte[] file = numpyFloat32TwoByTwo();
    java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(file.length + 7);
    buffer.position(5).put(file).position(5).limit(5 + file.length);

    Tensor read = Npy.read(buffer, "x");

    assertThat(read.shape()).containsExactly(2, 2);
    assertThat(read.toFloats()).containsExactly(Npy.read(file, "x").toFloats());
    assertThat(buffer.position()).isEqualTo(5); // the caller's buffer is left as it was
  }

  @Test
  void everyTypeRoundTrips() {
    for (TensorType type : TensorType.values()) {
      ByteBuffer data = Tensor.allocate(type, 6);
      type.putLong(data, 4, 1);
      Tensor tensor = new Tensor("x", type, new long[] {2, 3}, data);
      Tensor read = Npy.read(Npy.write(tensor, tensor.shape()), "x");
      assertThat(read).isEqualTo(tensor);
      assertThat(new String(Npy.write(tensor, tensor.shape()), StandardCharsets.ISO_8859_1))
          .contains("'descr': '" + type.numpyDescr() + "'");
    }
  }
}
