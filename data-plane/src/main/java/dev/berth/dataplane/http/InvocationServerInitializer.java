package dev.berth.dataplane.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline of every client connection: the HTTP/1.1 request decoder with the header limit, the
 * response encoder, the idle timer, and the {@link InvocationHandler}. A connection over the limit
 * is closed before it gets any.
 */
public final class InvocationServerInitializer extends ChannelInitializer<Channel> {
  /** The response encoder's name: answers encoded as bytes are written from its context. */
  static final String ENCODER = "encoder";

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
    ResponseEncoder encoder = new ResponseEncoder();
    ch.pipeline()
        .addLast(
            "decoder",
            new HttpRequestDecoder(
                new HttpDecoderConfig()
                    .setMaxInitialLineLength(Math.min(8192, maxHeader))
                    .setMaxHeaderSize(maxHeader)
                    .setMaxChunkSize(64 * 1024)
                    // Netty's decoder splits on CRLF itself; validating every header again
                    // costs more than the rest of the decoding.
                    .setHeadersFactory(Headers.UNVALIDATED)))
        .addLast(ENCODER, encoder)
        // Idle means no request: a connection busy answering is never idle (InvocationHandler),
        // so only reads are timed, and the writes carry no listener for the timer.
        .addLast(
            "idle",
            new IdleStateHandler(
                server.config.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS))
        .addLast("invocations", new InvocationHandler(server, encoder));
  }
}
