package dev.berth.dataplane.http;

import dev.berth.awswire.error.AwsError;
import dev.berth.awswire.error.ErrorEnvelope;
import dev.berth.awswire.error.ErrorResponse;
import dev.berth.awswire.error.WireProtocol;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Map;

/** Writes the data plane's own answers: errors, in the REST-JSON envelope of spec §1.2. */
final class Responses {
  private Responses() {}

  /** Writes {@code error} for the request {@code requestId}; closes afterwards unless kept. */
  static ChannelFuture error(
      ChannelHandlerContext ctx, AwsError error, String requestId, boolean keepAlive) {
    return error(ctx, error, requestId, keepAlive, WireProtocol.REST_JSON);
  }

  /**
   * The envelope a client of {@code request} reads errors in: JSON 1.1 for a SageMaker API call (it
   * names its operation in {@code X-Amz-Target}; older botocore reads only the body's {@code
   * __type}), REST-JSON for everything else.
   */
  static WireProtocol protocolOf(HttpRequest request) {
    return request.headers().contains(Headers.AMZ_TARGET)
        ? WireProtocol.JSON_1_1
        : WireProtocol.REST_JSON;
  }

  /** Writes {@code error} in {@code protocol}'s envelope. */
  static ChannelFuture error(
      ChannelHandlerContext ctx,
      AwsError error,
      String requestId,
      boolean keepAlive,
      WireProtocol protocol) {
    ErrorResponse rendered = ErrorEnvelope.render(error, protocol, requestId);
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(rendered.status()),
            Unpooled.wrappedBuffer(rendered.body()));
    for (Map.Entry<String, String> h : rendered.headers().entrySet()) {
      response.headers().set(h.getKey(), h.getValue());
    }
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, rendered.body().length);
    if (!keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    return ctx.writeAndFlush(response);
  }
}
