package dev.berth.dataplane.metrics;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The admin port: {@code GET /metrics} (Prometheus text) and {@code GET /health} (200 once the
 * route table is loaded and while the server is not draining, 503 otherwise, with a JSON body
 * saying why). Kept off the invocation port so that scrapes and probes never queue behind traffic.
 */
public final class AdminServer implements AutoCloseable {
  private final Channel channel;

  /** The health a probe reads: ready or not, and a JSON body that says why. */
  public record Health(boolean ready, String json) {}

  private AdminServer(Channel channel) {
    this.channel = channel;
  }

  /** Starts listening on {@code host:port} (0: any free port). */
  public static AdminServer start(
      EventLoopGroup group,
      Class<? extends ServerChannel> channelType,
      String host,
      int port,
      DataPlaneMetrics metrics,
      Supplier<Health> health)
      throws InterruptedException {
    Channel channel =
        new ServerBootstrap()
            .group(group)
            .channel(channelType)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(new HttpServerCodec())
                        .addLast(new HttpObjectAggregator(64 * 1024))
                        .addLast(new Handler(metrics, health));
                  }
                })
            .bind(host, port)
            .sync()
            .channel();
    return new AdminServer(channel);
  }

  /** The port it listens on. */
  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
  }

  private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final DataPlaneMetrics metrics;
    private final Supplier<Health> health;

    Handler(DataPlaneMetrics metrics, Supplier<Health> health) {
      this.metrics = metrics;
      this.health = health;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      String path = request.uri();
      int q = path.indexOf('?');
      path = q < 0 ? path : path.substring(0, q);
      FullHttpResponse response;
      switch (path) {
        case "/metrics" ->
            response =
                text(
                    HttpResponseStatus.OK,
                    metrics.scrape(),
                    "text/plain; version=0.0.4; charset=utf-8");
        case "/health", "/ping" -> {
          Health h = health.get();
          response =
              text(
                  h.ready() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                  h.json(),
                  "application/json");
        }
        default ->
            response =
                text(
                    HttpResponseStatus.NOT_FOUND,
                    "{\"message\":\"not found\"}",
                    "application/json");
      }
      boolean keepAlive = HttpUtil.isKeepAlive(request);
      HttpUtil.setKeepAlive(response, keepAlive);
      var written = ctx.writeAndFlush(response);
      if (!keepAlive) {
        written.addListener(ChannelFutureListener.CLOSE);
      }
    }

    private static FullHttpResponse text(HttpResponseStatus status, String body, String type) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      FullHttpResponse r =
          new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
      r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
      r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
      return r;
    }
  }
}
