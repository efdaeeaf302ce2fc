package dev.berth.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.runtime.codec.Tensor;
import dev.berth.runtime.codec.TensorSpec;
import dev.berth.runtime.codec.TensorType;
import dev.berth.runtime.engine.InferenceModel;
import dev.berth.runtime.engine.ModelLoader;
import dev.berth.runtime.engine.ServingProperties;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated MLP as ONNX Runtime sees it, through the runtime's loader and the raw engine. */
class MlpOnnxIT {
  @TempDir Path dir;

  @Test
  void theRuntimeLoadsTheMlpWithItsShapesAndRunsABatch() throws Exception {
    MlpOnnx.write(dir.resolve("model.onnx"), MlpOnnx.BENCHMARK_WIDTHS, MlpOnnx.BENCHMARK_SEED);

    try (InferenceModel model = ModelLoader.load(dir, ServingProperties.defaults(), "cpu")) {
      assertThat(model.inputs()).hasSize(1);
      TensorSpec input = model.inputs().get(0);
      assertThat(input.name()).isEqualTo("input");
      assertThat(input.type()).isEqualTo(TensorType.FLOAT32);
      assertThat(input.shape()).containsExactly(-1, 256);
      assertThat(model.outputs().get(0).shape()).containsExactly(-1, 10);

      List<Tensor> out =
          model
              .predict(List.of(Tensor.ofFloats("input", new long[] {3, 256}, new float[768])))
              .join();
      assertThat(out.get(0).shape()).containsExactly(3, 10);
    }
  }

  @Test
  void theRawEngineAnswersEveryForwardPassOfAClosedLoop() throws Exception {
    Path file =
        MlpOnnx.write(dir.resolve("mlp.onnx"), MlpOnnx.BENCHMARK_WIDTHS, MlpOnnx.BENCHMARK_SEED);
    // Four rows of 256 float32 zeros.
    LoadRequest batch =
        new LoadRequest(MultiMap.caseInsensitiveMultiMap(), Buffer.buffer(new byte[4 * 256 * 4]));

    Measurement measured;
    try (EngineTarget raw = EngineTarget.load(file, new long[] {256}, 1)) {
      measured =
          new ClosedLoopLoad(raw, () -> batch, 1, Duration.ZERO, Duration.ofMillis(500), line -> {})
              .run();
    }

    assertThat(measured.errors()).isEmpty();
    assertThat(measured.okAnswers()).isPositive();
  }
}
