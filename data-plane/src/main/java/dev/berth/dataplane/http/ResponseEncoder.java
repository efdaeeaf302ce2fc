package dev.berth.dataplane.http;

import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;

/**
 * Netty's response encoder, told by the {@link InvocationHandler} whether the request being
 * answered is a {@code HEAD}, whose answer has no body. {@code HttpServerCodec} would learn that
 * from a queue of request methods kept between its decoder and its encoder; that queue would grow
 * without end here, because most answers are written as bytes that bypass the encoder ({@link
 * EncodedHead}).
 */
final class ResponseEncoder extends HttpResponseEncoder {
  private boolean answeringHead;

  /** The next responses answer a {@code HEAD} request (true) or any other. */
  void answeringHead(boolean head) {
    answeringHead = head;
  }

  @Override
  protected boolean isContentAlwaysEmpty(HttpResponse msg) {
    return answeringHead || super.isContentAlwaysEmpty(msg);
  }
}
