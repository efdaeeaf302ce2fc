/**
 * Getting a model onto local disk before the runtime loads it (spec §6.2, "Model artifact").
 *
 * <p>{@link dev.berth.runtime.artifact.ModelArtifacts} is the entry point: given an {@link
 * dev.berth.runtime.artifact.ArtifactRequest} it returns a directory holding the model, either a
 * local directory as is or the unpacked copy of a model data URL ({@code file://}, {@code
 * http(s)://}, {@code s3://}). Downloads land in an {@link
 * dev.berth.runtime.artifact.ArtifactCache} shared by every runtime on the machine, keyed by the
 * SHA-256 of what was downloaded, and appear there only once complete. Archives are unpacked by
 * {@link dev.berth.runtime.artifact.SafeUnpacker}, which refuses anything that could reach outside
 * the model directory. Every failure is an {@link dev.berth.runtime.artifact.ArtifactException}
 * whose message is fit to be an endpoint's {@code FailureReason}.
 */
package dev.berth.runtime.artifact;
