package dev.berth.dataplane.http;

import dev.berth.awswire.error.AwsError;
import dev.berth.awswire.error.AwsErrorCode;
import dev.berth.dataplane.routes.Instance;
import dev.berth.dataplane.upstream.UpstreamListener;
import dev.berth.dataplane.upstream.UpstreamPool;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A request that is not a runtime operation, relayed as it is to the server behind the data plane
 * (with {@code berth up}: the control plane), and its answer relayed back as it is: one port serves
 * both SageMaker APIs, dispatched by the request's shape.
 */
final class PassThroughCall implements UpstreamListener, InFlightCall {
  private static final CharSequence[] HOP_BY_HOP = {
    HttpHeaderNames.CONNECTION,
    HttpHeaderNames.KEEP_ALIVE,
    HttpHeaderNames.EXPECT,
    HttpHeaderNames.TRANSFER_ENCODING,
    HttpHeaderNames.UPGRADE,
    HttpHeaderNames.TE,
  };

  private final InvocationHandler inbound;
  private final ServerContext server;
  private final ChannelHandlerContext ctx;
  private final HttpRequest request;
  private final ByteBuf body;
  private final boolean keepAlive;
  private final Instance target;
  private final UpstreamPool pool;
  private Channel upstream;
  private boolean relaying;
  private boolean done;
  private boolean upstreamKeepAlive;
  private ScheduledFuture<?> timeout;

  PassThroughCall(
      InvocationHandler inbound,
      ServerContext server,
      ChannelHandlerContext ctx,
      HttpRequest request,
      ByteBuf body,
      boolean keepAlive) {
    this.inbound = inbound;
    this.server = server;
    this.ctx = ctx;
    this.request = request;
    this.body = body;
    this.keepAlive = keepAlive;
    this.target = server.passThrough;
    this.pool = server.upstreams.of(ctx.channel().eventLoop());
  }

  void start() {
    pool.acquire(target, false, this, this::connected);
  }

  private void connected(Channel ch, Throwable cause) {
    if (done) {
      if (ch != null) {
        pool.release(target, ch);
      }
      return;
    }
    if (cause != null) {
      unavailable();
      return;
    }
    upstream = ch;
    FullHttpRequest out =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1, request.method(), request.uri(), body.retainedDuplicate());
    out.headers().set(request.headers());
    for (CharSequence name : HOP_BY_HOP) {
      out.headers().remove(name);
    }
    out.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
    timeout =
        ctx.executor()
            .schedule(this::timedOut, server.invocationTimeoutNanos, TimeUnit.NANOSECONDS);
    ch.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
  }

  @Override
  public void onResponse(HttpResponse head) {
    if (done || head.status().code() < 200) {
      return;
    }
    relaying = true;
    upstreamKeepAlive = HttpUtil.isKeepAlive(head);
    HttpResponse out = new DefaultHttpResponse(HttpVersion.HTTP_1_1, head.status());
    out.headers().set(head.headers());
    out.headers().remove(HttpHeaderNames.CONNECTION).remove(HttpHeaderNames.KEEP_ALIVE);
    if (!out.headers().contains(HttpHeaderNames.CONTENT_LENGTH)
        && !out.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)) {
      out.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    }
    if (!keepAlive) {
      out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    ctx.write(out);
  }

  @Override
  public void onContent(HttpContent content) {
    if (done || !relaying) {
      content.release();
      return;
    }
    ChannelFuture written = ctx.write(content);
    if (content instanceof LastHttpContent) {
      ctx.flush();
      finish();
      if (upstreamKeepAlive) {
        pool.release(target, upstream);
      } else {
        pool.discard(upstream);
      }
      upstream = null;
      inbound.completed(written, keepAlive);
    }
  }

  @Override
  public void onReadComplete() {
    if (relaying && !done) {
      ctx.flush();
    }
  }

  @Override
  public void onClosed(Throwable cause) {
    if (done) {
      return;
    }
    upstream = null;
    if (relaying) {
      finish();
      inbound.abort();
    } else {
      unavailable();
    }
  }

  private void timedOut() {
    timeout = null;
    if (!done) {
      if (upstream != null) {
        pool.discard(upstream);
        upstream = null;
      }
      if (relaying) {
        finish();
        inbound.abort();
      } else {
        unavailable();
      }
    }
  }

  /** The server behind is down or silent: 503, which every AWS SDK retries. */
  private void unavailable() {
    finish();
    AwsError error =
        AwsError.of(
            AwsErrorCode.SERVICE_UNAVAILABLE,
            "The SageMaker API behind this port is not answering. Retry the request.");
    server.metrics.rejected("pass_through_unavailable");
    inbound.completed(
        Responses.error(ctx, error, RequestIds.next(), keepAlive, Responses.protocolOf(request)),
        keepAlive);
  }

  @Override
  public void cancel() {
    if (done) {
      return;
    }
    finish();
    if (upstream != null) {
      pool.discard(upstream);
      upstream = null;
    }
  }

  @Override
  public void inboundWritable(boolean writable) {
    if (upstream != null && relaying) {
      upstream.config().setAutoRead(writable);
    }
  }

  private void finish() {
    done = true;
    if (timeout != null) {
      timeout.cancel(false);
      timeout = null;
    }
    body.release();
  }
}
