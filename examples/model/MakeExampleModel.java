import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Date;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * Writes Berth's example model artifact: {@code model.tar.gz} holding one {@code model.onnx}, a
 * two-layer perceptron with fixed weights, {@code output = relu(input · W1 + b1) · W2 + b2}, input
 * {@code input} float32 [batch, 4], output {@code output} float32 [batch, 3].
 *
 * <p>The weights are multiples of 1/4, so for small inputs every intermediate value is exact in
 * float32 and the expected output can be written down. The archive is byte-for-byte reproducible
 * (fixed timestamps, no owner names). Usage, from the repository root: {@code
 * examples/model/make-model.sh}, which runs {@code java -cp <protobuf, tribuo-util-onnx,
 * commons-compress> examples/model/MakeExampleModel.java examples/model/model.tar.gz}.
 */
public class MakeExampleModel {
  static final float[][] W1 = {
    {0.5f, -1f, 0.25f, 1f, 0f},
    {1f, 0.5f, -0.5f, 0f, 0.25f},
    {-0.25f, 1f, 1f, 0.5f, -1f},
    {0f, 0.25f, -1f, 1f, 0.5f},
  };
  static final float[] B1 = {0.25f, -0.5f, 0f, 1f, -0.25f};
  static final float[][] W2 = {
    {1f, -0.5f, 0.25f},
    {0.5f, 1f, -1f},
    {-1f, 0.25f, 0.5f},
    {0.25f, 0f, 1f},
    {0f, -1f, 0.5f},
  };
  static final float[] B2 = {0.5f, 0f, -0.25f};
  private static final int FLOAT = TensorProto.DataType.FLOAT.getNumber();

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "model.tar.gz");
    byte[] onnx = model().toByteArray();
    // A fixed time in the tar entry and none in the gzip header: the same bytes on every run.
    Date fixed = new Date(1_700_000_000_000L);
    GzipParameters gzip = new GzipParameters();
    gzip.setModificationTime(0);
    try (OutputStream file = Files.newOutputStream(out);
        TarArchiveOutputStream tar =
            new TarArchiveOutputStream(new GzipCompressorOutputStream(file, gzip))) {
      TarArchiveEntry entry = new TarArchiveEntry("model.onnx");
      entry.setSize(onnx.length);
      entry.setModTime(fixed);
      entry.setMode(0644);
      tar.putArchiveEntry(entry);
      tar.write(onnx);
      tar.closeArchiveEntry();
    }
    System.out.println("Wrote " + out + " (" + Files.size(out) + " bytes, model.onnx " + onnx.length
        + " bytes)");
    float[] x = {1, 2, 3, 4};
    System.out.println(
        "input " + Arrays.toString(x) + " -> output " + Arrays.toString(predict(x)));
  }

  /** The model computed in plain Java: one row of 4 values to 3. */
  static float[] predict(float[] x) {
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

  static ModelProto model() {
    GraphProto graph =
        GraphProto.newBuilder()
            .setName("berth-example-mlp")
            .addInitializer(floats("W1", new long[] {4, 5}, flatten(W1)))
            .addInitializer(floats("b1", new long[] {5}, B1))
            .addInitializer(floats("W2", new long[] {5, 3}, flatten(W2)))
            .addInitializer(floats("b2", new long[] {3}, B2))
            .addNode(node("MatMul", "input", "W1", "h1"))
            .addNode(node("Add", "h1", "b1", "h2"))
            .addNode(NodeProto.newBuilder().setOpType("Relu").addInput("h2").addOutput("h3"))
            .addNode(node("MatMul", "h3", "W2", "h4"))
            .addNode(node("Add", "h4", "b2", "output"))
            .addInput(floatInfo("input", 4))
            .addOutput(floatInfo("output", 3))
            .build();
    return ModelProto.newBuilder()
        .setIrVersion(8)
        .setProducerName("berth-examples")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
        .setGraph(graph)
        .build();
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

  private static ValueInfoProto floatInfo(String name, long width) {
    TensorShapeProto shape =
        TensorShapeProto.newBuilder()
            .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
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
