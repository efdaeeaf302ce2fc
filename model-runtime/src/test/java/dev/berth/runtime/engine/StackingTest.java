package dev.berth.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.runtime.codec.Tensor;
import dev.berth.runtime.codec.TensorType;
import java.util.List;
import org.junit.jupiter.api.Test;

class StackingTest {

  @Test
  void requestsOfTheSameShapePastTheBatchDimensionShareAKey() {
    Object one =
        Stacking.key(List.of(Tensor.zeros("x", TensorType.FLOAT32, new long[] {1, 4})), true);
    Object three =
        Stacking.key(List.of(Tensor.zeros("x", TensorType.FLOAT32, new long[] {3, 4})), true);
    Object wider =
        Stacking.key(List.of(Tensor.zeros("x", TensorType.FLOAT32, new long[] {1, 5})), true);
    Object ints =
        Stacking.key(List.of(Tensor.zeros("x", TensorType.INT32, new long[] {1, 4})), true);

    assertThat(one).isEqualTo(three).isNotEqualTo(wider).isNotEqualTo(ints);
  }

  @Test
  void unstackableRequestsGetKeysEqualToNothingElse() {
    List<Tensor> scalar = List.of(Tensor.zeros("x", TensorType.FLOAT32, new long[] {}));
    List<Tensor> row = List.of(Tensor.zeros("x", TensorType.FLOAT32, new long[] {1, 4}));
    List<Tensor> disagreeing =
        List.of(
            Tensor.zeros("a", TensorType.FLOAT32, new long[] {1, 2}),
            Tensor.zeros("b", TensorType.FLOAT32, new long[] {2, 2}));

    assertThat(Stacking.key(scalar, true)).isNotEqualTo(Stacking.key(scalar, true));
    assertThat(Stacking.key(disagreeing, true)).isNotEqualTo(Stacking.key(disagreeing, true));
    assertThat(Stacking.key(row, false)).isNotEqualTo(Stacking.key(row, false));
  }

  @Test
  void concatenatesAlongDimensionZeroAndSplitsBack() {
    List<Tensor> a = List.of(Tensor.ofFloats("x", new long[] {1, 2}, 1, 2));
    List<Tensor> b = List.of(Tensor.ofFloats("x", new long[] {2, 2}, 3, 4, 5, 6));

    List<Tensor> stacked = Stacking.concat(List.of(a, b), new InputStaging());
    assertThat(stacked).hasSize(1);
    assertThat(stacked.get(0).shape()).containsExactly(3, 2);
    assertThat(stacked.get(0).toFloats()).containsExactly(1, 2, 3, 4, 5, 6);

    List<List<Tensor>> split = Stacking.split(stacked, new long[] {1, 2});
    assertThat(split.get(0)).containsExactly(a.get(0));
    assertThat(split.get(1)).containsExactly(b.get(0));
  }

  @Test
  void outputsWithoutTheBatchDimensionCannotBeSplit() {
    List<Tensor> outputs = List.of(Tensor.ofFloats("y", new long[] {1}, 7));
    assertThatThrownBy(() -> Stacking.split(outputs, new long[] {1, 2}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("has no batch of 3");
  }
}
