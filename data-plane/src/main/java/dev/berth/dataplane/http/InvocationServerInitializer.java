package dev.berth.dataplane.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline of every client connection: HTTP/1.1 codec with the header limit, the idle timer,
 * and the {@link InvocationHandler}. A connection over the limit is closed before it gets any.
 */
public final class InvocationServerInitializer extends ChannelInitializer<Channel> {
  private final ServerContext server;

  public InvocationServerInitializer(ServerContext server) {
    this.server = server;
  }

  @Override
  protected void initChannel(Channel ch) {
    if (!server.admitConnection()) {
      server.metrics.connectionRefused();
      ch.close();
      return;
    }
    ch.closeFuture().addListener(f -> server.connectionClosed());
    int maxHeader = server.config.maxHeaderBytes();
    ch.pipeline()
        .addLast(
            "codec",
            new HttpServerCodec(
                new HttpDecoderConfig()
                    .setMaxInitialLineLength(Math.min(8192, maxHeader))
                    .setMaxHeaderSize(maxHeader)
                    .setMaxChunkSize(64 * 1024)
                    // Netty's decoder splits on CRLF itself; validating every header again
                    // costs more than the rest of the decoding.
                    .setHeadersFactory(Headers.UNVALIDATED)))
        .addLast(
            "idle",
            new IdleStateHandler(
                0, 0, server.config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS))
        .addLast("invocations", new InvocationHandler(server));
  }
}
