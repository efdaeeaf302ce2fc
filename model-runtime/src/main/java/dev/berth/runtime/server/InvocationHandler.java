package dev.berth.runtime.server;

import dev.berth.runtime.batch.ExpectedJob;
import dev.berth.runtime.engine.InferenceModel;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.function.Supplier;

/**
 * {@code POST /invocations} of a single-model runtime: refuse until the model is ready, then hand
 * the body to the shared {@link Inference} step with the one model.
 */
final class InvocationHandler {
  private final Supplier<ModelState> state;
  private final Inference inference;

  InvocationHandler(Supplier<ModelState> state, Inference inference) {
    this.state = state;
    this.inference = inference;
  }

  void handle(HttpServerRequest request) {
    long start = System.nanoTime();
    HttpServerResponse response = request.response();
    inference.record(response, start);
    if (request.method() != HttpMethod.POST) {
      Responses.error(response, 405, "MethodNotAllowed", "Invocations are POST requests.");
      return;
    }
    ModelState current = state.get();
    if (!current.ready()) {
      Responses.error(
          response,
          503,
          "ModelNotReady",
          current.failure() != null ? current.failure() : "The model is still loading.");
      return;
    }
    if (!inference.admits(request)) {
      return;
    }
    InferenceModel model = current.model();
    // Announced while the body is on its way, so that a batch forming meanwhile waits for it.
    ExpectedJob announced = model.expectRequest();
    inference.accept(response, start, announced::close);
    inference
        .body(request)
        .onFailure(
            e -> {
              announced.close();
              inference.bodyFailed(response, e);
            })
        .onSuccess(body -> inference.invoke(request, model, body, announced));
  }
}
