package dev.berth.runtime.server;

import dev.berth.runtime.mme.LoadResult;
import io.vertx.core.http.HttpServerResponse;
import java.util.Map;

/**
 * The one place a multi-model {@link LoadResult} becomes an HTTP answer (spec §6.3): 200 loaded,
 * 409 loaded already, 404 for a model that does not exist, 507 when there is not enough memory (the
 * platform then unloads models and retries), 500 for one that cannot load.
 */
final class LoadAnswers {
  private LoadAnswers() {}

  /** Answers {@code result} with its status and message. */
  static void answer(HttpServerResponse response, LoadResult<?> result) {
    // A switch expression, so a new LoadStatus fails the build until it is mapped here.
    String type =
        switch (result.status()) {
          case READY -> null;
          case ALREADY_LOADED -> "ModelAlreadyLoaded";
          case NOT_FOUND -> "ModelNotFound";
          case NOT_ENOUGH_MEMORY -> "InsufficientMemory";
          case FAILED -> "ModelLoadFailed";
        };
    int status =
        switch (result.status()) {
          case READY -> 200;
          case ALREADY_LOADED -> 409;
          case NOT_FOUND -> 404;
          case NOT_ENOUGH_MEMORY -> 507;
          case FAILED -> 500;
        };
    if (type == null) {
      Responses.json(response, status, Map.of("status", result.message()));
    } else {
      Responses.error(response, status, type, result.message());
    }
  }
}
