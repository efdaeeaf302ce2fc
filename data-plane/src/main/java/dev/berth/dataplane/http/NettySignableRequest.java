package dev.berth.dataplane.http;

import dev.berth.awswire.sigv4.SignableRequest;
import io.netty.handler.codec.http.HttpRequest;
import java.util.Iterator;

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
    // A header is nearly always there once: an iterator answers that without getAll's list. It
    // runs newest first, though, so several values are joined in received order from getAll.
    Iterator<String> values = request.headers().valueStringIterator(lowerCaseName);
    if (!values.hasNext()) {
      return null;
    }
    String first = values.next();
    return values.hasNext() ? String.join(",", request.headers().getAll(lowerCaseName)) : first;
  }
}
