package dev.berth.controlplane.api;

import dev.berth.awswire.sigv4.SignableRequest;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;

/** A Vert.x request as SigV4 sees it. */
final class VertxSignableRequest implements SignableRequest {
  private final HttpServerRequest request;

  VertxSignableRequest(HttpServerRequest request) {
    this.request = request;
  }

  @Override
  public String method() {
    return request.method().name();
  }

  @Override
  public String rawPath() {
    return request.path();
  }

  @Override
  public String rawQuery() {
    return request.query();
  }

  @Override
  public String header(String lowerCaseName) {
    List<String> values = request.headers().getAll(lowerCaseName);
    if (values.isEmpty()) {
      // HTTP/2 (h2c) carries the host as the :authority pseudo-header, not as a header.
      return lowerCaseName.equals("host") ? request.host() : null;
    }
    return values.size() == 1 ? values.get(0) : String.join(",", values);
  }
}
