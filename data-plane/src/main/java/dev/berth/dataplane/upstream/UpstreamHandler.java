package dev.berth.dataplane.upstream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of a connection to a runtime instance: hands what arrives to the exchange that
 * holds the connection now. A connection in the idle pool has no exchange; anything it receives
 * then is a protocol error, and it is closed.
 */
final class UpstreamHandler extends ChannelInboundHandlerAdapter {
  /** The name of the HTTP codec before this handler. */
  static final String CODEC = "codec";

  private ChannelHandlerContext wire;
  private UpstreamListener listener;
  private int exchanges;

  /** Gives the connection to {@code listener} (null: back to the pool). */
  void listener(UpstreamListener listener) {
    this.listener = listener;
    if (listener != null) {
      exchanges++;
    }
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    wire = ctx.pipeline().context(CODEC);
  }

  /** Writes an encoded request from the codec's context, so that its encoder does not see it. */
  ChannelFuture writeEncoded(ByteBuf head, ByteBuf body) {
    wire.write(head, wire.voidPromise());
    return wire.writeAndFlush(body);
  }

  /** True if the connection served an exchange before the current one. */
  boolean reused() {
    return exchanges > 1;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    UpstreamListener l = listener;
    if (l == null) {
      ReferenceCountUtil.release(msg);
      ctx.close();
      return;
    }
    if (msg instanceof HttpResponse head) {
      if (head.decoderResult().isFailure()) {
        ReferenceCountUtil.release(msg);
        ctx.close();
        return;
      }
      l.onResponse(head);
    }
    if (msg instanceof HttpContent content) {
      l.onContent(content);
    } else if (!(msg instanceof HttpResponse)) {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    UpstreamListener l = listener;
    if (l != null) {
      l.onReadComplete();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    UpstreamListener l = listener;
    listener = null;
    if (l != null) {
      l.onClosed(null);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    UpstreamListener l = listener;
    listener = null;
    ctx.close();
    if (l != null) {
      l.onClosed(cause);
    }
  }
}
