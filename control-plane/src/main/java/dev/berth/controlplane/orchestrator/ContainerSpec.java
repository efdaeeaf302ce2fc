package dev.berth.controlplane.orchestrator;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The container every instance of a fleet runs, from the model's {@code PrimaryContainer} (or its
 * first container).
 *
 * @param image the model's own image (bring your own container), or empty for Berth's runtime
 * @param modelDataUrl where the model artifact is ({@code ModelDataUrl} or {@code
 *     ModelDataSource.S3DataSource.S3Uri}); empty for a container that brings its model
 * @param uncompressed true for {@code CompressionType: None} (the URL is a prefix, not a tar.gz)
 * @param multiModel true for {@code Mode: MultiModel}
 * @param environment the container's {@code Environment}, passed through unchanged
 */
public record ContainerSpec(
    Optional<String> image,
    Optional<String> modelDataUrl,
    boolean uncompressed,
    boolean multiModel,
    Map<String, String> environment) {
  public ContainerSpec {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(modelDataUrl, "modelDataUrl");
    environment = environment == null ? Map.of() : Map.copyOf(environment);
  }
}
