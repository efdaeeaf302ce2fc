package dev.berth.runtime.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Error answers of the runtime: a status and a small JSON body. The data plane passes the body on
 * to the caller as a ModelError's OriginalMessage, so it says what went wrong in a sentence.
 */
final class Responses {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Responses() {}

  static void error(HttpServerResponse response, int status, String type, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("code", status);
    body.put("type", type);
    body.put("message", message);
    json(response, status, body);
  }

  /** Answers {@code status} with {@code body} as JSON, unless the response has ended already. */
  static void json(HttpServerResponse response, int status, Object body) {
    String text;
    try {
      text = JSON.writeValueAsString(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      text = "{\"code\":" + status + "}";
    }
    if (!response.ended()) {
      response.setStatusCode(status).putHeader("Content-Type", "application/json").end(text);
    }
  }
}
