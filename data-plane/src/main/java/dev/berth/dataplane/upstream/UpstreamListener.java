package dev.berth.dataplane.upstream;

import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;

/** What one exchange with a runtime instance hears from its connection. */
public interface UpstreamListener {
  /** The response head arrived. */
  void onResponse(HttpResponse head);

  /** A part of the body arrived; the listener now owns (and releases or passes on) it. */
  void onContent(HttpContent content);

  /** A read burst ended: the moment to flush what was passed on. */
  void onReadComplete();

  /** The connection closed, or failed with {@code cause} (null for a plain close). */
  void onClosed(Throwable cause);
}
