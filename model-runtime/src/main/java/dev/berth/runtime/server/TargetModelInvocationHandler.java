package dev.berth.runtime.server;

import dev.berth.runtime.engine.InferenceModel;
import dev.berth.runtime.mme.InvalidTargetModelException;
import dev.berth.runtime.mme.LoadResult;
import dev.berth.runtime.mme.ModelLease;
import dev.berth.runtime.mme.ModelRegistry;
import dev.berth.runtime.mme.ModelRoot;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code POST /invocations} of a multi-model runtime (spec §6.3): the model is the one {@code
 * X-Amzn-SageMaker-Target-Model} names under the model root, loaded on its first use. A call holds
 * a {@link ModelLease} from the moment its model is found until its response ends, so neither
 * eviction nor unloading closes the model under it.
 */
final class TargetModelInvocationHandler {
  static final String TARGET_MODEL = "X-Amzn-SageMaker-Target-Model";

  private final Vertx vertx;
  private final ModelRegistry<InferenceModel> models;
  private final ModelRoot root;
  private final Inference inference;
  private final Duration loadWait;

  /**
   * @param loadWait how long a call waits for its model to load before it is answered 429, as
   *     SageMaker answers {@code ModelNotReadyException}; the load goes on
   */
  TargetModelInvocationHandler(
      Vertx vertx,
      ModelRegistry<InferenceModel> models,
      ModelRoot root,
      Inference inference,
      Duration loadWait) {
    this.vertx = vertx;
    this.models = models;
    this.root = root;
    this.inference = inference;
    this.loadWait = loadWait;
  }

  void handle(HttpServerRequest request) {
    long start = System.nanoTime();
    HttpServerResponse response = request.response();
    inference.record(response, start);
    if (request.method() != HttpMethod.POST) {
      Responses.error(response, 405, "MethodNotAllowed", "Invocations are POST requests.");
      return;
    }
    String target = request.getHeader(TARGET_MODEL);
    if (target == null || target.isBlank()) {
      Responses.error(
          response,
          400,
          "MissingTargetModel",
          "This runtime serves many models: name one in the "
              + TARGET_MODEL
              + " header, as a path relative to the model root "
              + root
              + ".");
      return;
    }
    String url;
    try {
      url = root.resolve(target);
    } catch (InvalidTargetModelException e) {
      Responses.error(response, 400, "InvalidTargetModel", e.getMessage());
      return;
    }
    if (!inference.admits(request)) {
      return;
    }
    AtomicReference<ModelLease<InferenceModel>> held = new AtomicReference<>();
    inference.accept(response, start, () -> release(held));
    inference
        .body(request)
        .onFailure(e -> inference.bodyFailed(response, e))
        .onSuccess(body -> useModel(request, target, url, body, held));
  }

  private void useModel(
      HttpServerRequest request,
      String target,
      String url,
      ByteBuffer body,
      AtomicReference<ModelLease<InferenceModel>> held) {
    HttpServerResponse response = request.response();
    Context context = Vertx.currentContext();
    CompletableFuture<LoadResult<InferenceModel>> use = models.use(target, url);
    long timer =
        use.isDone()
            ? -1
            : vertx.setTimer(
                Math.max(1, loadWait.toMillis()),
                id ->
                    Responses.error(
                        response,
                        429,
                        "ModelNotReady",
                        "Model " + target + " is still loading; try again shortly."));
    use.whenComplete(
        (result, failure) ->
            context.runOnContext(
                v -> {
                  if (timer >= 0) {
                    vertx.cancelTimer(timer);
                  }
                  if (failure != null) {
                    Responses.error(
                        response, 500, "ModelLoadFailed", "Could not load model " + target + ".");
                    return;
                  }
                  if (!result.ready()) {
                    LoadAnswers.answer(response, result);
                    return;
                  }
                  held.set(result.lease());
                  if (response.ended()) {
                    // Answered meanwhile (429, or the client went away): the end handler has run.
                    release(held);
                    return;
                  }
                  inference.invoke(request, result.lease().model(), body);
                }));
  }

  private static void release(AtomicReference<ModelLease<InferenceModel>> held) {
    ModelLease<InferenceModel> lease = held.getAndSet(null);
    if (lease != null) {
      lease.close();
    }
  }
}
