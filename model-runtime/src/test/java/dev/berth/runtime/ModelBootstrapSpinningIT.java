package dev.berth.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.runtime.engine.InferenceModel;
import dev.berth.runtime.engine.OnnxModels;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime's spinning default reaching the engine: {@code auto} for one model unless {@code
 * BERTH_ALLOW_SPINNING} says otherwise, and the model's own {@code option.allowSpinning} over both.
 */
class ModelBootstrapSpinningIT {
  @TempDir Path dir;

  @Test
  void theRuntimesDefaultDecidesUnlessTheModelDoes() throws Exception {
    OnnxModels.writeMlp(dir);
    // With no minimum pass, auto spins for any model: so the test MLP shows which default won.
    Files.writeString(dir.resolve("serving.properties"), "option.spinningMinPassMillis=0\n");
    assertThat(spins(Map.of())).as("auto, the default for one model").isTrue();
    assertThat(spins(Map.of("BERTH_ALLOW_SPINNING", "false"))).as("the environment").isFalse();

    Files.writeString(
        dir.resolve("serving.properties"),
        "option.spinningMinPassMillis=0\noption.allowSpinning=true\n");
    assertThat(spins(Map.of("BERTH_ALLOW_SPINNING", "false"))).as("the model's own").isTrue();
  }

  private boolean spins(Map<String, String> env) throws Exception {
    RuntimeConfig config =
        SageMakerEnvironment.resolve(env, new SageMakerEnvironment.Flags(null, dir, null, null));
    try (InferenceModel model = new ModelBootstrap(config).load(new SimpleMeterRegistry())) {
      return model.engineSpins();
    }
  }
}
