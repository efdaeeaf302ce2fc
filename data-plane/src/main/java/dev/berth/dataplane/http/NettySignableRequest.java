package dev.berth.dataplane.http;

import dev.berth.awswire.sigv4.SignableRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import java.util.List;

/** A Netty request head as SigV4 reads it: path and query exactly as they stood on the wire. */
final class NettySignableRequest implements SignableRequest {
  private final HttpRequest request;
  private final String rawPath;
  private final String rawQuery;

  NettySignableRequest(HttpRequest request) {
    this.request = request;
    String uri = request.uri();
    int q = uri.indexOf('?');
    this.rawPath = q < 0 ? uri : uri.substring(0, q);
    this.rawQuery = q < 0 ? null : uri.substring(q + 1);
  }

  @Override
  public String method() {
    return request.method().name();
  }

  @Override
  public String rawPath() {
    return rawPath;
  }

  @Override
  public String rawQuery() {
    return rawQuery;
  }

  @Override
  public String header(String lowerCaseName) {
    HttpHeaders headers = request.headers();
    List<String> values = headers.getAll(lowerCaseName);
    if (values.isEmpty()) {
      return null;
    }
    return values.size() == 1 ? values.get(0) : String.join(",", values);
  }
}
