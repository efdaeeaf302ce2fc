package dev.berth.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
  @TempDir Path dir;

  private static ServingProperties engine(String name) {
    return new ServingProperties(name, 1, Duration.ofMillis(100), 100, Map.of());
  }

  @Test
  void theEngineFollowsTheFileExtension() throws Exception {
    Files.write(dir.resolve("resnet.onnx"), new byte[] {1});
    ModelFile file = ModelFile.find(dir, ServingProperties.defaults());
    assertThat(file.engine()).isEqualTo(EngineKind.ONNX_RUNTIME);
    assertThat(file.djlModelName()).isEqualTo("resnet");

    Files.delete(dir.resolve("resnet.onnx"));
    Files.write(dir.resolve("traced.pth"), new byte[] {1});
    ModelFile torch = ModelFile.find(dir, ServingProperties.defaults());
    assertThat(torch.engine()).isEqualTo(EngineKind.PYTORCH);
    assertThat(torch.djlModelName()).isEqualTo("traced.pth");
  }

  @Test
  void engineInServingPropertiesPicksAmongFiles() throws Exception {
    Files.write(dir.resolve("a.onnx"), new byte[] {1});
    Files.write(dir.resolve("b.pt"), new byte[] {1});
    assertThat(ModelFile.find(dir, engine("pytorch")).path().getFileName().toString())
        .isEqualTo("b.pt");
    assertThatThrownBy(() -> ModelFile.find(dir, ServingProperties.defaults()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("Several model files")
        .hasMessageContaining("[a.onnx, b.pt]");
  }

  @Test
  void modelDotExtensionWinsAmongSeveral() throws Exception {
    Files.write(dir.resolve("model.onnx"), new byte[] {1});
    Files.write(dir.resolve("other.onnx"), new byte[] {1});
    assertThat(ModelFile.find(dir, ServingProperties.defaults()).djlModelName()).isEqualTo("model");
  }

  @Test
  void anEmptyOrMissingDirectorySaysWhatWasExpected() {
    assertThatThrownBy(() -> ModelFile.find(dir, ServingProperties.defaults()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining(
            "expected a *.onnx (ONNX Runtime) or a TorchScript *.pt (PyTorch) file")
        .hasMessageEndingWith("found no files.");
    assertThatThrownBy(() -> ModelFile.find(dir.resolve("nope"), ServingProperties.defaults()))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void anUnknownEngineNamesTheAvailableOnes() throws Exception {
    Files.write(dir.resolve("model.onnx"), new byte[] {1});
    assertThatThrownBy(() -> ModelFile.find(dir, engine("TensorRT")))
        .isInstanceOf(ModelLoadException.class)
        .hasMessage(
            "engine=TensorRT is not available; Berth serves with OnnxRuntime (*.onnx) or PyTorch"
                + " (TorchScript *.pt).");
  }
}
