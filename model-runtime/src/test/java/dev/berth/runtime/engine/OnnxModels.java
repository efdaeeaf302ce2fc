package dev.berth.runtime.engine;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Writes small ONNX models with known weights for tests, so that expected outputs can be computed
 * in Java and compared exactly. The weights are multiples of 1/4 and the test inputs small numbers,
 * so every intermediate value is exact in float32 whatever order the engine sums in.
 */
public final class OnnxModels {
  private static final int FLOAT = TensorProto.DataType.FLOAT.getNumber();

  /** W1, 4 x 5. */
  public static final float[][] W1 = {
    {0.5f, -1f, 0.25f, 1f, 0f},
    {1f, 0.5f, -0.5f, 0f, 0.25f},
    {-0.25f, 1f, 1f, 0.5f, -1f},
    {0f, 0.25f, -1f, 1f, 0.5f},
  };

  /** b1, 5. */
  public static final float[] B1 = {0.25f, -0.5f, 0f, 1f, -0.25f};

  /** W2, 5 x 3. */
  public static final float[][] W2 = {
    {1f, -0.5f, 0.25f},
    {0.5f, 1f, -1f},
    {-1f, 0.25f, 0.5f},
    {0.25f, 0f, 1f},
    {0f, -1f, 0.5f},
  };

  /** b2, 3. */
  public static final float[] B2 = {0.5f, 0f, -0.25f};

  private OnnxModels() {}

  /**
   * Writes {@code model.onnx} into {@code dir}: {@code output = relu(input · W1 + b1) · W2 + b2},
   * input {@code input} [-1, 4] FP32, output {@code output} [-1, 3] FP32.
   */
  public static Path writeMlp(Path dir) throws IOException {
    GraphProto graph =
        GraphProto.newBuilder()
            .setName("mlp")
            .addInitializer(floats("W1", new long[] {4, 5}, flatten(W1)))
            .addInitializer(floats("b1", new long[] {5}, B1))
            .addInitializer(floats("W2", new long[] {5, 3}, flatten(W2)))
            .addInitializer(floats("b2", new long[] {3}, B2))
            .addNode(node("MatMul", "input", "W1", "h1"))
            .addNode(node("Add", "h1", "b1", "h2"))
            .addNode(NodeProto.newBuilder().setOpType("Relu").addInput("h2").addOutput("h3"))
            .addNode(node("MatMul", "h3", "W2", "h4"))
            .addNode(node("Add", "h4", "b2", "output"))
            .addInput(floatInfo("input", "batch", 4))
            .addOutput(floatInfo("output", "batch", 3))
            .build();
    return write(dir.resolve("model.onnx"), graph);
  }

  /**
   * Writes {@code dir/model.tar.gz} holding the {@linkplain #writeMlp MLP} as {@code model.onnx},
   * the artifact shape SageMaker deploys; returns its path.
   */
  public static Path writeMlpTarGz(Path dir) throws IOException {
    Path onnx = writeMlp(Files.createDirectories(dir.resolve("mlp-model")));
    Path tarball = dir.resolve("model.tar.gz");
    try (OutputStream file = Files.newOutputStream(tarball);
        TarArchiveOutputStream tar =
            new TarArchiveOutputStream(new GzipCompressorOutputStream(file))) {
      tar.putArchiveEntry(new TarArchiveEntry(onnx.toFile(), "model.onnx"));
      Files.copy(onnx, tar);
      tar.closeArchiveEntry();
    }
    return tarball;
  }

  /**
   * Writes {@code model.onnx}: inputs {@code a} and {@code b}, both [-1, 2] FP32; outputs {@code
   * sum} = a + b and {@code product} = a * b.
   */
  public static Path writeTwoInputs(Path dir) throws IOException {
    GraphProto graph =
        GraphProto.newBuilder()
            .setName("two")
            .addNode(node("Add", "a", "b", "sum"))
            .addNode(node("Mul", "a", "b", "product"))
            .addInput(floatInfo("a", "batch", 2))
            .addInput(floatInfo("b", "batch", 2))
            .addOutput(floatInfo("sum", "batch", 2))
            .addOutput(floatInfo("product", "batch", 2))
            .build();
    return write(dir.resolve("model.onnx"), graph);
  }

  /** The MLP computed in Java, one row of 4 values to 3. */
  public static float[] mlp(float[] x) {
    float[] hidden = new float[5];
    for (int j = 0; j < 5; j++) {
      float sum = B1[j];
      for (int i = 0; i < 4; i++) {
        sum += x[i] * W1[i][j];
      }
      hidden[j] = Math.max(0f, sum);
    }
    float[] y = new float[3];
    for (int k = 0; k < 3; k++) {
      float sum = B2[k];
      for (int j = 0; j < 5; j++) {
        sum += hidden[j] * W2[j][k];
      }
      y[k] = sum;
    }
    return y;
  }

  private static Path write(Path file, GraphProto graph) throws IOException {
    ModelProto model =
        ModelProto.newBuilder()
            .setIrVersion(8)
            .setProducerName("berth-tests")
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
            .setGraph(graph)
            .build();
    Files.createDirectories(file.getParent());
    Files.write(file, model.toByteArray());
    return file;
  }

  private static NodeProto.Builder node(String op, String left, String right, String out) {
    return NodeProto.newBuilder().setOpType(op).addInput(left).addInput(right).addOutput(out);
  }

  private static TensorProto floats(String name, long[] dims, float[] values) {
    ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    raw.asFloatBuffer().put(values);
    TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(FLOAT);
    for (long dim : dims) {
      tensor.addDims(dim);
    }
    return tensor.setRawData(ByteString.copyFrom(raw.array())).build();
  }

  private static ValueInfoProto floatInfo(String name, String batchParam, long width) {
    TensorShapeProto shape =
        TensorShapeProto.newBuilder()
            .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(batchParam))
            .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width))
            .build();
    TypeProto type =
        TypeProto.newBuilder()
            .setTensorType(TypeProto.Tensor.newBuilder().setElemType(FLOAT).setShape(shape))
            .build();
    return ValueInfoProto.newBuilder().setName(name).setType(type).build();
  }

  private static float[] flatten(float[][] rows) {
    float[] flat = new float[rows.length * rows[0].length];
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(rows[r], 0, flat, r * rows[r].length, rows[r].length);
    }
    return flat;
  }
}
