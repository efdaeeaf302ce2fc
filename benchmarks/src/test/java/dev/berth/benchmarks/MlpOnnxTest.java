package dev.berth.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import org.junit.jupiter.api.Test;

class MlpOnnxTest {
  @Test
  void theSameSeedWritesTheSameModel() {
    byte[] first = MlpOnnx.model(new int[] {8, 16, 4}, 42).toByteArray();
    byte[] again = MlpOnnx.model(new int[] {8, 16, 4}, 42).toByteArray();
    byte[] other = MlpOnnx.model(new int[] {8, 16, 4}, 43).toByteArray();

    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void theBenchmarkMlpHasThreeDenseLayersWithReluBetweenThem() {
    GraphProto graph = MlpOnnx.model(MlpOnnx.BENCHMARK_WIDTHS, MlpOnnx.BENCHMARK_SEED).getGraph();

    assertThat(graph.getNodeList())
        .extracting(NodeProto::getOpType)
        .containsExactly("MatMul", "Add", "Relu", "MatMul", "Add", "Relu", "MatMul", "Add");
    assertThat(graph.getInitializerList())
        .extracting(t -> t.getDimsList().toString())
        .containsExactly("[256, 1024]", "[1024]", "[1024, 1024]", "[1024]", "[1024, 10]", "[10]");
  }

  @Test
  void inputAndOutputHaveADynamicBatchDimension() {
    ModelProto model = MlpOnnx.model(new int[] {256, 1024, 1024, 10}, 1);

    TensorShapeProto input = model.getGraph().getInput(0).getType().getTensorType().getShape();
    TensorShapeProto output = model.getGraph().getOutput(0).getType().getTensorType().getShape();
    assertThat(input.getDim(0).getDimParam()).isEqualTo("batch");
    assertThat(input.getDim(1).getDimValue()).isEqualTo(256);
    assertThat(output.getDim(0).getDimParam()).isEqualTo("batch");
    assertThat(output.getDim(1).getDimValue()).isEqualTo(10);
  }

  @Test
  void anMlpNeedsTwoPositiveWidths() {
    assertThatThrownBy(() -> MlpOnnx.model(new int[] {256}, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MlpOnnx.model(new int[] {256, 0}, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
