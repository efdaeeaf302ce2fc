package dev.berth.benchmarks;

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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Writes the benchmark's multilayer perceptron as ONNX: fully connected layers of the given widths
 * with ReLU between them (none after the last), float32, input {@code input} [batch, widths[0]] and
 * output {@code output} [batch, widths[last]] with a dynamic batch dimension. Weights are random
 * from a fixed seed (uniform, scaled by 1/sqrt(fan-in) so activations stay near 1), so every run of
 * the benchmark serves the same model; their values do not matter to its speed.
 *
 * <p>Usage: {@code MlpOnnx.write(dir.resolve("model.onnx"), new int[] {256, 1024, 1024, 10}, 42)}
 */
public final class MlpOnnx {
  /** The benchmark's MLP: 256 → 1024 → 1024 → 10. */
  public static final int[] BENCHMARK_WIDTHS = {256, 1024, 1024, 10};

  /** The seed of the benchmark's weights. */
  public static final long BENCHMARK_SEED = 42;

  private static final int FLOAT = TensorProto.DataType.FLOAT.getNumber();

  private MlpOnnx() {}

  /**
   * Writes the model to {@code file}, creating its directory.
   *
   * @param widths the layer widths, input first; at least two
   * @return {@code file}
   */
  public static Path write(Path file, int[] widths, long seed) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, model(widths, seed).toByteArray());
    return file;
  }

  /** The model as an ONNX protobuf. */
  static ModelProto model(int[] widths, long seed) {
    if (widths.length < 2 || Arrays.stream(widths).anyMatch(w -> w < 1)) {
      throw new IllegalArgumentException(
          "an MLP needs at least two positive widths, got " + Arrays.toString(widths));
    }
    SplittableRandom random = new SplittableRandom(seed);
    GraphProto.Builder graph = GraphProto.newBuilder().setName("mlp");
    String activation = "input";
    int layers = widths.length - 1;
    for (int layer = 0; layer < layers; layer++) {
      int in = widths[layer];
      int out = widths[layer + 1];
      String weights = "W" + layer;
      String bias = "b" + layer;
      double scale = 1 / Math.sqrt(in);
      graph.addInitializer(floats(weights, new long[] {in, out}, uniform(random, in * out, scale)));
      graph.addInitializer(floats(bias, new long[] {out}, uniform(random, out, scale)));
      boolean last = layer == layers - 1;
      String product = "matmul" + layer;
      String sum = last ? "output" : "dense" + layer;
      graph.addNode(node("MatMul", activation, weights, product));
      graph.addNode(node("Add", product, bias, sum));
      if (!last) {
        String relu = "relu" + layer;
        graph.addNode(NodeProto.newBuilder().setOpType("Relu").addInput(sum).addOutput(relu));
        activation = relu;
      }
    }
    graph.addInput(floatInfo("input", widths[0]));
    graph.addOutput(floatInfo("output", widths[layers]));
    return ModelProto.newBuilder()
        .setIrVersion(8)
        .setProducerName("berth-benchmarks")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
        .setGraph(graph)
        .build();
  }

  private static float[] uniform(SplittableRandom random, int count, double scale) {
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = (float) (random.nextDouble(-1, 1) * scale);
    }
    return values;
  }

  private static NodeProto.Builder node(String op, String left, String right, String out) {
    return NodeProto.newBuilder().setOpType(op).addInput(left).addInput(right).addOutput(out);
  }

  private static TensorProto floats(String name, long[] dims, float[] values) {
    ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    FloatBuffer view = raw.asFloatBuffer();
    view.put(values);
    TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(FLOAT);
    for (long dim : dims) {
      tensor.addDims(dim);
    }
    return tensor.setRawData(ByteString.copyFrom(raw.array())).build();
  }

  /** A float32 value of shape [batch, width], the batch dimension dynamic. */
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
}
