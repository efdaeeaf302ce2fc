package dev.berth.runtime.server;

import dev.berth.runtime.RuntimeConfig;
import dev.berth.runtime.batch.JobRejectedException;
import dev.berth.runtime.codec.BadPayloadException;
import dev.berth.runtime.codec.Codecs;
import dev.berth.runtime.codec.DecodedRequest;
import dev.berth.runtime.codec.EncodedResponse;
import dev.berth.runtime.codec.Tensor;
import dev.berth.runtime.codec.UnsupportedMediaTypeException;
import dev.berth.runtime.engine.InferenceModel;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * {@code POST /invocations}: decode the body by its Content-Type, run it through the model's
 * batcher, encode the answer by Accept. Custom attributes come back as they were sent, so the data
 * plane can return them to the caller (spec §6.2).
 */
final class InvocationHandler {
  static final String CUSTOM_ATTRIBUTES = "X-Amzn-SageMaker-Custom-Attributes";

  private final RuntimeConfig config;
  private final Supplier<ModelState> state;
  private final AtomicInteger inFlight;
  private final RuntimeMetrics metrics;

  InvocationHandler(
      RuntimeConfig config,
      Supplier<ModelState> state,
      AtomicInteger inFlight,
      RuntimeMetrics metrics) {
    this.config = config;
    this.state = state;
    this.inFlight = inFlight;
    this.metrics = metrics;
  }

  void handle(HttpServerRequest request) {
    long start = System.nanoTime();
    HttpServerResponse response = request.response();
    response.endHandler(v -> metrics.request(response.getStatusCode(), System.nanoTime() - start));
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
    String length = request.getHeader("Content-Length");
    if (length != null && parseLong(length) > config.maxPayloadBytes()) {
      Responses.error(
          response,
          413,
          "PayloadTooLarge",
          "Request payload of "
              + length
              + " bytes exceeds the limit of "
              + config.maxPayloadBytes()
              + " bytes.");
      return;
    }
    inFlight.incrementAndGet();
    response.endHandler(
        v -> {
          inFlight.decrementAndGet();
          metrics.request(response.getStatusCode(), System.nanoTime() - start);
        });
    response.exceptionHandler(e -> {});
    request
        .body()
        .onFailure(
            e ->
                Responses.error(
                    response, 400, "BadRequest", "Could not read the body: " + e.getMessage()))
        .onSuccess(body -> invoke(request, response, current.model(), body));
  }

  private void invoke(
      HttpServerRequest request, HttpServerResponse response, InferenceModel model, Buffer body) {
    if (body.length() > config.maxPayloadBytes()) {
      Responses.error(
          response,
          413,
          "PayloadTooLarge",
          "Request payload of "
              + body.length()
              + " bytes exceeds the limit of "
              + config.maxPayloadBytes()
              + " bytes.");
      return;
    }
    String contentType = request.getHeader("Content-Type");
    String accept = request.getHeader("Accept");
    String attributes = request.getHeader(CUSTOM_ATTRIBUTES);
    DecodedRequest decoded;
    try {
      decoded = Codecs.decode(contentType, body.getBytes(), model.inputs());
    } catch (UnsupportedMediaTypeException e) {
      Responses.error(response, 415, "UnsupportedMediaType", e.getMessage());
      return;
    } catch (BadPayloadException e) {
      Responses.error(response, 400, "BadPayload", e.getMessage());
      return;
    }
    // The future completes on the batcher's worker: encode back on this request's event loop, so
    // the worker goes on to the next batch at once.
    Context context = Vertx.currentContext();
    model
        .predict(decoded.inputs())
        .orTimeout(config.invocationTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete(
            (outputs, failure) ->
                context.runOnContext(
                    v -> answer(response, accept, attributes, decoded, model, outputs, failure)));
  }

  private void answer(
      HttpServerResponse response,
      String accept,
      String attributes,
      DecodedRequest decoded,
      InferenceModel model,
      List<Tensor> outputs,
      Throwable failure) {
    if (failure != null) {
      failed(response, failure);
      return;
    }
    try {
      EncodedResponse encoded = Codecs.encode(accept, decoded, outputs, model.outputs());
      if (attributes != null) {
        response.putHeader(CUSTOM_ATTRIBUTES, attributes);
      }
      response.putHeader("Content-Type", encoded.contentType()).end(Buffer.buffer(encoded.bytes()));
    } catch (UnsupportedMediaTypeException e) {
      Responses.error(response, 415, "UnsupportedMediaType", e.getMessage());
    } catch (RuntimeException e) {
      Responses.error(
          response, 500, "InternalError", "Could not encode the outputs: " + e.getMessage());
    }
  }

  private void failed(HttpServerResponse response, Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (cause instanceof JobRejectedException) {
      // A full queue or a model shutting down: come back later (the data plane may retry).
      Responses.error(response, 503, "ServiceUnavailable", cause.getMessage());
    } else if (cause instanceof TimeoutException) {
      Responses.error(
          response,
          504,
          "InvocationTimeout",
          "The model did not answer within " + config.invocationTimeout().toSeconds() + " s.");
    } else if (cause instanceof BadPayloadException) {
      Responses.error(response, 400, "BadPayload", cause.getMessage());
    } else {
      Responses.error(response, 500, "InferenceFailed", "Inference failed: " + cause.getMessage());
    }
  }

  private static long parseLong(String text) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
