package dev.berth.runtime.server;

import dev.berth.runtime.RuntimeConfig;
import dev.berth.runtime.artifact.ArtifactLimits;
import dev.berth.runtime.artifact.ModelArtifacts;
import dev.berth.runtime.artifact.S3Settings;
import dev.berth.runtime.engine.InferenceModel;
import dev.berth.runtime.mme.ArtifactModelStore;
import dev.berth.runtime.mme.ModelRegistry;
import dev.berth.runtime.mme.ModelRoot;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The routes of a multi-model runtime (spec §6.3), next to {@code /ping}: {@code POST /invocations}
 * with a target model, and the {@code /models} API. Owns the {@link ModelRegistry} and the pool its
 * models are fetched, loaded and closed on, so no event loop ever blocks on a model.
 */
final class MultiModelRoutes implements AutoCloseable {
  /** Loads in parallel; more would only compete for the same disk, network and cores. */
  private static final int LOADERS = 2;

  private final ModelArtifacts artifacts;
  private final WorkerExecutor loaders;
  private final ModelRegistry<InferenceModel> models;
  private final TargetModelInvocationHandler invocations;
  private final ModelsHandler api;

  MultiModelRoutes(
      Vertx vertx,
      RuntimeConfig config,
      MeterRegistry meters,
      RuntimeMetrics metrics,
      Inference inference) {
    this.artifacts = new ModelArtifacts(S3Settings.defaults(), ArtifactLimits.defaults());
    // A model load takes minutes, not the worker's usual milliseconds: no blocked-thread warnings.
    this.loaders =
        vertx.createSharedWorkerExecutor("berth-model-loader", LOADERS, 30, TimeUnit.MINUTES);
    Executor onLoaders =
        task ->
            loaders.executeBlocking(
                () -> {
                  task.run();
                  return null;
                },
                false);
    this.models =
        new ModelRegistry<>(
            new ArtifactModelStore(
                artifacts, config.cacheDir(), config.device(), config.engineSpinning(), meters),
            config.modelMemory(),
            config.modelCache(),
            onLoaders,
            meters);
    metrics.modelsLoaded(models::loadedCount);
    ModelRoot root = ModelRoot.of(config.modelRoot());
    this.invocations =
        new TargetModelInvocationHandler(
            vertx, models, root, inference, config.invocationTimeout());
    this.api = new ModelsHandler(models, inference);
  }

  /** Answers {@code request} if it is one of these routes; false otherwise. */
  boolean handle(HttpServerRequest request) {
    String path = request.path();
    if (path.equals("/invocations")) {
      invocations.handle(request);
      return true;
    }
    if (ModelsHandler.serves(path)) {
      api.handle(request);
      return true;
    }
    return false;
  }

  /** Unloads every model (blocking), then stops the loaders. */
  @Override
  public void close() {
    models.close();
    loaders.close();
    artifacts.close();
  }
}
