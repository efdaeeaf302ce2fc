package dev.berth.controlplane.orchestrator.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;

/**
 * What one {@code GET /ping} of a runtime said: ready (200), failed for good (503 with {@code
 * "type":"ModelLoadFailed"} and the runtime's reason), or not ready yet (503 loading, no answer,
 * anything else).
 *
 * @param kind which of the three
 * @param detail a sentence for the instance's state: the runtime's own reason when it failed
 */
record PingAnswer(Kind kind, String detail) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The three answers that matter. */
  enum Kind {
    READY,
    NOT_READY,
    MODEL_FAILED
  }

  /** The answer for an HTTP response. */
  static PingAnswer of(int status, String body) {
    if (status == 200) {
      return new PingAnswer(Kind.READY, "");
    }
    JsonNode json = parse(body);
    String type = json.path("type").asText("");
    String message = json.path("message").asText("");
    if (type.equals("ModelLoadFailed")) {
      return new PingAnswer(
          Kind.MODEL_FAILED, message.isBlank() ? "The runtime could not load the model." : message);
    }
    if (type.equals("Loading")) {
      return new PingAnswer(Kind.NOT_READY, "The runtime is loading the model.");
    }
    return new PingAnswer(Kind.NOT_READY, "The runtime answered GET /ping with " + status + ".");
  }

  /** The answer when there was no HTTP response. */
  static PingAnswer unreachable(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null
        && !(cause instanceof ConnectException || cause instanceof HttpTimeoutException)) {
      cause = cause.getCause();
    }
    String why =
        cause instanceof ConnectException
            ? "it is not listening yet"
            : cause instanceof HttpTimeoutException
                ? "it did not answer in time"
                : cause.getClass().getSimpleName();
    return new PingAnswer(Kind.NOT_READY, "The runtime does not answer GET /ping: " + why + ".");
  }

  private static JsonNode parse(String body) {
    try {
      JsonNode node = body == null || body.isBlank() ? null : JSON.readTree(body);
      // path() on anything but an object finds nothing, so an odd body is simply not understood.
      return node == null ? JSON.missingNode() : node;
    } catch (IOException e) {
      return JSON.missingNode();
    }
  }
}
