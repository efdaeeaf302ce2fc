package dev.berth.runtime;

import dev.berth.runtime.artifact.ArtifactLimits;
import dev.berth.runtime.artifact.ArtifactRequest;
import dev.berth.runtime.artifact.ModelArtifacts;
import dev.berth.runtime.artifact.S3Settings;
import dev.berth.runtime.engine.InferenceModel;
import dev.berth.runtime.engine.ModelLoader;
import dev.berth.runtime.engine.ServingProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;

/**
 * The runtime's {@link ModelSource}: materialize the artifact (a local directory, or a model data
 * URL fetched into the shared content-addressed cache), load it with the engine its files or {@code
 * serving.properties} name, and run the warm-up inference.
 */
public final class ModelBootstrap implements ModelSource {
  private final RuntimeConfig config;

  public ModelBootstrap(RuntimeConfig config) {
    this.config = config;
  }

  @Override
  public InferenceModel load(MeterRegistry registry) throws Exception {
    Path dir;
    try (ModelArtifacts artifacts =
        new ModelArtifacts(S3Settings.defaults(), ArtifactLimits.defaults())) {
      dir = artifacts.materialize(request());
    }
    InferenceModel model =
        ModelLoader.load(
            dir,
            ServingProperties.load(dir).withSpinningDefault(config.engineSpinning()),
            config.device(),
            registry,
            "model");
    try {
      model.warmUp();
      return model;
    } catch (Exception e) {
      model.close();
      throw e;
    }
  }

  private ArtifactRequest request() {
    return config.modelDataUrl() == null
        ? ArtifactRequest.localDirectory(config.modelDir())
        : ArtifactRequest.modelData(config.modelDataUrl(), config.compressed(), config.cacheDir());
  }
}
