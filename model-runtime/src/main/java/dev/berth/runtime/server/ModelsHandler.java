package dev.berth.runtime.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.runtime.engine.InferenceModel;
import dev.berth.runtime.mme.LoadedModel;
import dev.berth.runtime.mme.ModelLease;
import dev.berth.runtime.mme.ModelRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SageMaker multi-model container API (spec §6.3), one method per action:
 *
 * <ul>
 *   <li>{@code GET /models[?limit=&next_page_token=]} lists the loaded models, a page at a time;
 *   <li>{@code POST /models} with {@code {"model_name", "url"}} loads one: 200, 409 when loaded
 *       already, 404 when nothing is at {@code url}, 507 when there is not enough memory;
 *   <li>{@code GET /models/{name}} describes one, {@code DELETE /models/{name}} unloads one: 404
 *       when it is not loaded;
 *   <li>{@code POST /models/{name}/invoke} is an invocation of a loaded model: 404 when it is not.
 * </ul>
 */
final class ModelsHandler {
  static final int DEFAULT_PAGE_SIZE = 100;
  static final int MAX_PAGE_SIZE = 1000;
  private static final int MAX_LOAD_BODY_BYTES = 64 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ModelRegistry<InferenceModel> models;
  private final Inference inference;

  ModelsHandler(ModelRegistry<InferenceModel> models, Inference inference) {
    this.models = models;
    this.inference = inference;
  }

  /** Whether {@code path} is this API's. */
  static boolean serves(String path) {
    return path.equals("/models") || path.startsWith("/models/");
  }

  void handle(HttpServerRequest request) {
    String[] segments = request.path().substring(1).split("/", -1);
    HttpMethod method = request.method();
    if (segments.length == 1) {
      if (method == HttpMethod.GET) {
        list(request);
      } else if (method == HttpMethod.POST) {
        load(request);
      } else {
        notAllowed(request, "GET or POST /models");
      }
      return;
    }
    String name = decode(segments[1]);
    if (name.isEmpty()) {
      Responses.error(request.response(), 400, "BadRequest", "The model name is empty.");
    } else if (segments.length == 2 && method == HttpMethod.GET) {
      describe(request, name);
    } else if (segments.length == 2 && method == HttpMethod.DELETE) {
      unload(request, name);
    } else if (segments.length == 2) {
      notAllowed(request, "GET or DELETE /models/{name}");
    } else if (segments.length == 3 && segments[2].equals("invoke")) {
      invoke(request, name);
    } else {
      Responses.error(
          request.response(),
          404,
          "NotFound",
          "The models API has no " + method + " " + request.path() + ".");
    }
  }

  private void list(HttpServerRequest request) {
    int limit;
    String after;
    try {
      limit = pageSize(request.getParam("limit"));
      after = fromToken(request.getParam("next_page_token"));
    } catch (IllegalArgumentException e) {
      Responses.error(request.response(), 400, "BadRequest", e.getMessage());
      return;
    }
    List<Map<String, String>> page = new ArrayList<>();
    String next = null;
    for (LoadedModel model : models.list()) {
      if (after != null && model.name().compareTo(after) < 0) {
        continue;
      }
      if (page.size() == limit) {
        next = toToken(model.name());
        break;
      }
      page.add(describe(model));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("models", page);
    if (next != null) {
      body.put("nextPageToken", next);
    }
    Responses.json(request.response(), 200, body);
  }

  private void load(HttpServerRequest request) {
    HttpServerResponse response = request.response();
    Context context = Vertx.currentContext();
    request
        .body()
        .onFailure(
            e ->
                Responses.error(
                    response, 400, "BadRequest", "Could not read the body: " + e.getMessage()))
        .onSuccess(
            body -> {
              String[] nameAndUrl;
              try {
                nameAndUrl = loadRequest(body);
              } catch (IllegalArgumentException e) {
                Responses.error(response, 400, "BadRequest", e.getMessage());
                return;
              }
              models
                  .load(nameAndUrl[0], nameAndUrl[1])
                  .whenComplete(
                      (result, failure) ->
                          context.runOnContext(
                              v -> {
                                if (failure != null) {
                                  Responses.error(
                                      response, 500, "ModelLoadFailed", failure.getMessage());
                                } else {
                                  LoadAnswers.answer(response, result);
                                }
                              }));
            });
  }

  private void describe(HttpServerRequest request, String name) {
    Optional<LoadedModel> model = models.describe(name);
    if (model.isEmpty()) {
      notLoaded(request, name);
    } else {
      Responses.json(request.response(), 200, describe(model.get()));
    }
  }

  private void unload(HttpServerRequest request, String name) {
    if (models.unload(name)) {
      Responses.json(request.response(), 200, Map.of("status", "Model " + name + " unloaded."));
    } else {
      notLoaded(request, name);
    }
  }

  private void invoke(HttpServerRequest request, String name) {
    long start = System.nanoTime();
    HttpServerResponse response = request.response();
    inference.record(response, start);
    if (request.method() != HttpMethod.POST) {
      notAllowed(request, "POST /models/{name}/invoke");
      return;
    }
    Optional<ModelLease<InferenceModel>> lease = models.useLoaded(name);
    if (lease.isEmpty()) {
      notLoaded(request, name);
      return;
    }
    if (!inference.admits(request)) {
      lease.get().close();
      return;
    }
    inference.accept(response, start, lease.get()::close);
    inference
        .body(request)
        .onFailure(e -> inference.bodyFailed(response, e))
        .onSuccess(body -> inference.invoke(request, lease.get().model(), body));
  }

  /** {@code model_name} and {@code url} of a {@code POST /models} body. */
  private static String[] loadRequest(Buffer body) {
    if (body.length() > MAX_LOAD_BODY_BYTES) {
      throw new IllegalArgumentException("A load request is a small JSON object.");
    }
    JsonNode json;
    try {
      json = JSON.readTree(body.getBytes());
    } catch (IOException e) {
      throw new IllegalArgumentException("The body is not JSON: " + e.getMessage());
    }
    String name = text(json, "model_name");
    String url = text(json, "url");
    if (name == null || url == null) {
      throw new IllegalArgumentException(
          "A load request is {\"model_name\": \"<name>\", \"url\": \"<path or URL>\"}.");
    }
    return new String[] {name, url};
  }

  private static String text(JsonNode json, String field) {
    JsonNode value = json == null ? null : json.get(field);
    return value == null || !value.isTextual() || value.asText().isBlank() ? null : value.asText();
  }

  private static Map<String, String> describe(LoadedModel model) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("modelName", model.name());
    body.put("modelUrl", model.url());
    return body;
  }

  private static void notLoaded(HttpServerRequest request, String name) {
    Responses.error(request.response(), 404, "ModelNotFound", "Model " + name + " is not loaded.");
  }

  private static void notAllowed(HttpServerRequest request, String allowed) {
    Responses.error(
        request.response(),
        405,
        "MethodNotAllowed",
        "The models API takes " + allowed + ", not " + request.method() + ".");
  }

  private static int pageSize(String text) {
    if (text == null || text.isBlank()) {
      return DEFAULT_PAGE_SIZE;
    }
    try {
      int size = Integer.parseInt(text.trim());
      if (size >= 1 && size <= MAX_PAGE_SIZE) {
        return size;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new IllegalArgumentException(
        "limit must be a number from 1 to " + MAX_PAGE_SIZE + ", got '" + text + "'.");
  }

  /** The page token names the first model of the next page; opaque to callers. */
  private static String toToken(String name) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(name.getBytes(StandardCharsets.UTF_8));
  }

  private static String fromToken(String token) {
    if (token == null || token.isBlank()) {
      return null;
    }
    try {
      return new String(Base64.getUrlDecoder().decode(token.trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("next_page_token '" + token + "' is not a page token.");
    }
  }

  /** A path segment as the caller meant it; '+' is a plus in a path, not a space. */
  private static String decode(String segment) {
    try {
      return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return segment;
    }
  }
}
