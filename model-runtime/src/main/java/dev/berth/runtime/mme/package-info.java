/**
 * Multi-model mode (spec §6.3): many models behind one runtime, each loaded on first use and kept
 * in a cache bounded by a memory budget. Knows nothing of HTTP; the server maps its outcomes to the
 * SageMaker multi-model container API.
 *
 * <p>The contract a reader looks for first: {@link dev.berth.runtime.mme.ModelRegistry} (the entry
 * point), {@link dev.berth.runtime.mme.ModelStore} (how a model is staged on disk and loaded), the
 * outcome {@link dev.berth.runtime.mme.LoadResult} with its {@link
 * dev.berth.runtime.mme.LoadStatus}, and {@link dev.berth.runtime.mme.ModelLease}, which pins a
 * model while a request uses it. {@link dev.berth.runtime.mme.ArtifactModelStore} is the store the
 * runtime uses: artifacts through {@link dev.berth.runtime.artifact.ModelArtifacts}, models through
 * {@link dev.berth.runtime.engine.ModelLoader}.
 */
package dev.berth.runtime.mme;
