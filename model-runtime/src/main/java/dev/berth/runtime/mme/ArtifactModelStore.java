package dev.berth.runtime.mme;

import dev.berth.runtime.artifact.ArtifactRequest;
import dev.berth.runtime.artifact.ModelArtifacts;
import dev.berth.runtime.artifact.ModelDataNotFoundException;
import dev.berth.runtime.engine.InferenceModel;
import dev.berth.runtime.engine.ModelLoader;
import dev.berth.runtime.engine.ServingProperties;
import dev.berth.runtime.engine.Spinning;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The runtime's {@link ModelStore}: a model is a local directory, a local {@code .tar.gz}, a local
 * model file (served from its directory), or a model data URL ({@code file://}, {@code http(s)://},
 * {@code s3://}) to a {@code .tar.gz} or an uncompressed prefix; {@link ModelArtifacts} puts it on
 * disk (archives and URLs through the shared content-addressed cache), {@link ModelLoader} loads it
 * and the warm-up inference proves it.
 *
 * <p>Usage: {@code new ArtifactModelStore(artifacts, cacheDir, "cpu", Spinning.OFF,
 * meterRegistry)}.
 */
public final class ArtifactModelStore implements ModelStore<InferenceModel> {
  private final ModelArtifacts artifacts;
  private final Path cacheDir;
  private final String device;
  private final Spinning spinning;
  private final MeterRegistry meters;

  /**
   * A store fetching with {@code artifacts} into {@code cacheDir}, loading on {@code device} with
   * {@code spinning} for models that leave {@code option.allowSpinning} out, with each model's
   * meters on {@code meters}.
   */
  public ArtifactModelStore(
      ModelArtifacts artifacts,
      Path cacheDir,
      String device,
      Spinning spinning,
      MeterRegistry meters) {
    this.artifacts = artifacts;
    this.cacheDir = cacheDir;
    this.device = device;
    this.spinning = spinning;
    this.meters = meters;
  }

  @Override
  public StagedModel stage(String name, String url) throws ModelNotFoundException {
    Path dir;
    try {
      dir = artifacts.materialize(request(url));
    } catch (ModelDataNotFoundException e) {
      // A missing object under an http(s):// or s3:// root is a missing model, as a missing file
      // under a directory root is: 404, not a failed load.
      throw new ModelNotFoundException(e.getMessage());
    }
    return new StagedModel(dir, diskBytes(dir));
  }

  @Override
  public InferenceModel load(String name, StagedModel staged) throws Exception {
    InferenceModel model =
        ModelLoader.load(
            staged.dir(),
            ServingProperties.load(staged.dir()).withSpinningDefault(spinning),
            device,
            meters,
            name);
    try {
      model.warmUp();
      return model;
    } catch (Exception e) {
      model.close();
      throw e;
    }
  }

  /**
   * What to materialize for {@code url}. Local places are checked here, so a missing one is a
   * {@link ModelNotFoundException} (404) rather than a failed download.
   */
  private ArtifactRequest request(String url) throws ModelNotFoundException {
    String lower = url.toLowerCase(Locale.ROOT);
    boolean archive = lower.endsWith(".tar.gz") || lower.endsWith(".tgz") || lower.endsWith(".tar");
    if (url.contains("://") && !lower.startsWith("file://")) {
      return ArtifactRequest.modelData(url, archive, cacheDir);
    }
    Path path = lower.startsWith("file://") ? Path.of(URI.create(url)) : Path.of(url);
    if (!Files.exists(path)) {
      throw new ModelNotFoundException("No model at " + path + ".");
    }
    if (Files.isDirectory(path)) {
      return ArtifactRequest.localDirectory(path);
    }
    if (archive) {
      return ArtifactRequest.modelData(path.toAbsolutePath().toUri().toString(), true, cacheDir);
    }
    // A single model file (a target like a/model.onnx): the engine loads from its directory.
    return ArtifactRequest.localDirectory(path.toAbsolutePath().getParent());
  }

  private static long diskBytes(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .mapToLong(
              file -> {
                try {
                  return Files.size(file);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .sum();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not measure the model in " + dir, e);
    }
  }
}
