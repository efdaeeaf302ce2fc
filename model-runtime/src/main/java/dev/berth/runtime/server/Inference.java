package dev.berth.runtime.server;

import dev.berth.runtime.RuntimeConfig;
import dev.berth.runtime.batch.ExpectedJob;
import dev.berth.runtime.batch.JobRejectedException;
import dev.berth.runtime.codec.BadPayloadException;
import dev.berth.runtime.codec.Codecs;
import dev.berth.runtime.codec.DecodedRequest;
import dev.berth.runtime.codec.EncodedResponse;
import dev.berth.runtime.codec.Tensor;
import dev.berth.runtime.codec.UnsupportedMediaTypeException;
import dev.berth.runtime.engine.InferenceModel;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The step every invocation shares, whichever route found its model: count it, bound its payload,
 * then decode the body by its Content-Type, run it through the model's batcher and encode the
 * answer by Accept. Custom attributes come back as they were sent, so the data plane can return
 * them to the caller (spec §6.2).
 */
final class Inference {
  static final String CUSTOM_ATTRIBUTES = "X-Amzn-SageMaker-Custom-Attributes";

  private final RuntimeConfig config;
  private final AtomicInteger inFlight;
  private final RuntimeMetrics metrics;

  Inference(RuntimeConfig config, AtomicInteger inFlight, RuntimeMetrics metrics) {
    this.config = config;
    this.inFlight = inFlight;
    this.metrics = metrics;
  }

  /** Records the request in the metrics when its response ends, whatever answers it. */
  void record(HttpServerResponse response, long start) {
    response.endHandler(v -> metrics.request(response.getStatusCode(), System.nanoTime() - start));
  }

  /**
   * Counts the request in flight until its response ends (so closing drains it), then runs {@code
   * onEnd}.
   */
  void accept(HttpServerResponse response, long start, Runnable onEnd) {
    inFlight.incrementAndGet();
    response.endHandler(
        v -> {
          inFlight.decrementAndGet();
          metrics.request(response.getStatusCode(), System.nanoTime() - start);
          onEnd.run();
        });
    response.exceptionHandler(e -> {});
  }

  /** Answers 413 and returns false when the declared Content-Length is over the payload limit. */
  boolean admits(HttpServerRequest request) {
    String length = request.getHeader("Content-Length");
    if (length != null && parseLong(length) > config.maxPayloadBytes()) {
      tooLarge(request.response(), length);
      return false;
    }
    return true;
  }

  /**
   * Reads the body of an admitted request into one buffer ({@link InvocationBody}); call it from
   * the request handler. A failure goes to {@link #bodyFailed}.
   */
  Future<ByteBuffer> body(HttpServerRequest request) {
    return InvocationBody.read(request, config.maxPayloadBytes());
  }

  /** Answers a body that could not be read: 413 past the payload limit, 400 otherwise. */
  void bodyFailed(HttpServerResponse response, Throwable failure) {
    if (failure instanceof InvocationBody.TooLarge tooLarge) {
      tooLarge(response, tooLarge.getMessage());
    } else {
      Responses.error(
          response, 400, "BadRequest", "Could not read the body: " + failure.getMessage());
    }
  }

  /** Decodes {@code body}, runs it on {@code model}, answers; on the request's event loop. */
  void invoke(HttpServerRequest request, InferenceModel model, ByteBuffer body) {
    invoke(request, model, body, model.expectRequest());
  }

  /**
   * {@link #invoke(HttpServerRequest, InferenceModel, ByteBuffer)} for a request announced to the
   * model's batcher when it arrived; the announcement ends here, whatever the outcome.
   */
  void invoke(
      HttpServerRequest request, InferenceModel model, ByteBuffer body, ExpectedJob announced) {
    HttpServerResponse response = request.response();
    String contentType = request.getHeader("Content-Type");
    String accept = request.getHeader("Accept");
    String attributes = request.getHeader(CUSTOM_ATTRIBUTES);
    DecodedRequest decoded;
    try {
      decoded = Codecs.decode(contentType, body, model.inputs());
    } catch (UnsupportedMediaTypeException e) {
      announced.close();
      Responses.error(response, 415, "UnsupportedMediaType", e.getMessage());
      return;
    } catch (BadPayloadException e) {
      announced.close();
      Responses.error(response, 400, "BadPayload", e.getMessage());
      return;
    }
    // The future completes on the batcher's worker: encode back on this request's event loop, so
    // the worker goes on to the next batch at once.
    Context context = Vertx.currentContext();
    model
        .predict(decoded.inputs(), announced)
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
      EncodedResponse encoded =
          Codecs.encode(accept, decoded, outputs, model.outputs(), model.name());
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

  private void tooLarge(HttpServerResponse response, String length) {
    Responses.error(
        response,
        413,
        "PayloadTooLarge",
        "Request payload of "
            + length
            + " bytes exceeds the limit of "
            + config.maxPayloadBytes()
            + " bytes.");
  }

  private static long parseLong(String text) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
