package dev.berth.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.berth.runtime.codec.Tensor;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real TorchScript model on the PyTorch engine: the test MLP of {@link OnnxModels}, saved by
 * tools/make-torchscript-fixture.py, must give the same answers as the Java computation.
 */
class TorchScriptIT {
  @TempDir Path modelDir;

  @Test
  void aTorchScriptModelLoadsAndPredictsExactly() throws Exception {
    try (InputStream in = TorchScriptIT.class.getResourceAsStream("/torchscript/mlp.pt")) {
      Files.copy(in, modelDir.resolve("model.pt"));
    }
    try (InferenceModel model =
        ModelLoader.load(modelDir, ServingProperties.load(modelDir), "cpu")) {
      assertThat(model.engine()).isEqualTo(EngineKind.PYTORCH);
      model.warmUp();
      float[][] rows = {{1, 2, 3, 4}, {0, -1, 0.5f, 2}};
      for (float[] row : rows) {
        List<Tensor> out =
            model.predict(List.of(Tensor.ofFloats("input", new long[] {1, 4}, row))).get();
        float[] expected = OnnxModels.mlp(row);
        float[] actual = out.get(0).toFloats();
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
          assertThat(actual[i]).isCloseTo(expected[i], within(1e-5f));
        }
      }
    }
  }
}
