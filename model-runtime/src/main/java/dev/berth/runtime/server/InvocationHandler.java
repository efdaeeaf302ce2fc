package dev.berth.runtime.server;

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
    inference.accept(response, start, () -> {});
    request
        .body()
        .onFailure(
            e ->
                Responses.error(
                    response, 400, "BadRequest", "Could not read the body: " + e.getMessage()))
        .onSuccess(body -> inference.invoke(request, current.model(), body));
  }
}
