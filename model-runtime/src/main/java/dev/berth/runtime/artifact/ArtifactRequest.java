package dev.berth.runtime.artifact;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where one runtime's model comes from: a local directory, or a model data URL to fetch into a
 * cache.
 *
 * <pre>{@code
 * ArtifactRequest.localDirectory(Path.of("/opt/ml/model"));
 * ArtifactRequest.modelData("s3://models/mlp/model.tar.gz", true, Path.of("/var/cache/berth"));
 * }</pre>
 *
 * @param modelDir the directory that already holds the model; used only when {@code modelDataUrl}
 *     is null
 * @param modelDataUrl the model's {@code ModelDataUrl} ({@code file://}, {@code http(s)://} or
 *     {@code s3://}), or null
 * @param compressed true when {@code modelDataUrl} is one {@code model.tar.gz} (or plain tar);
 *     false for {@code CompressionType: None}, a prefix whose objects are copied one by one
 * @param cacheDir where fetched models are kept, shared by every runtime on the machine; required
 *     with a {@code modelDataUrl}
 */
public record ArtifactRequest(
    Path modelDir, String modelDataUrl, boolean compressed, Path cacheDir) {

  /** Where SageMaker puts the model inside a hosting container. */
  public static final Path DEFAULT_MODEL_DIR = Path.of("/opt/ml/model");

  public ArtifactRequest {
    if (modelDataUrl != null && modelDataUrl.isBlank()) {
      modelDataUrl = null;
    }
    if (modelDataUrl == null && modelDir == null) {
      modelDir = DEFAULT_MODEL_DIR;
    }
    if (modelDataUrl != null) {
      modelDataUrl = modelDataUrl.trim();
      Objects.requireNonNull(cacheDir, "cacheDir is required with a model data URL");
    }
  }

  /** The model already unpacked in {@code dir}. */
  public static ArtifactRequest localDirectory(Path dir) {
    return new ArtifactRequest(Objects.requireNonNull(dir, "dir"), null, true, null);
  }

  /** The model at {@code url}, fetched into {@code cacheDir}. */
  public static ArtifactRequest modelData(String url, boolean compressed, Path cacheDir) {
    Objects.requireNonNull(url, "url");
    return new ArtifactRequest(null, url, compressed, cacheDir);
  }

  /** Whether the model has to be fetched from a URL. */
  public boolean isRemote() {
    return modelDataUrl != null;
  }
}
