package dev.berth.benchmarks;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The upstream of the data-plane benchmark: the cheapest runtime there can be. {@code POST
 * /invocations} is answered 200 with the request's body and {@code Content-Type}; {@code GET /ping}
 * with 200 and no body; anything else with 404. Connections stay open (HTTP/1.1 keep-alive), so the
 * benchmark measures what a proxy adds, not connection set-up.
 *
 * <p>Usage: {@code java -cp berth-bench.jar dev.berth.benchmarks.EchoBackend --port 8900 --threads
 * 2}
 */
public final class EchoBackend implements AutoCloseable {
  /** SageMaker's largest InvokeEndpoint body; the echo takes what the data plane may forward. */
  static final int MAX_BODY_BYTES = 6_291_456;

  private final EventLoopGroup group;
  private final Channel listener;

  private EchoBackend(EventLoopGroup group, Channel listener) {
    this.group = group;
    this.listener = listener;
  }

  /** Listens on {@code host:port} with {@code threads} event loops (epoll where there is one). */
  public static EchoBackend start(String host, int port, int threads) throws InterruptedException {
    boolean epoll = Epoll.isAvailable();
    DefaultThreadFactory names = new DefaultThreadFactory("echo");
    EventLoopGroup group =
        epoll ? new EpollEventLoopGroup(threads, names) : new NioEventLoopGroup(threads, names);
    try {
      Channel listener =
          new ServerBootstrap()
              .group(group)
              .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
              .option(ChannelOption.SO_BACKLOG, 1024)
              .childOption(ChannelOption.TCP_NODELAY, true)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      ch.pipeline()
                          .addLast("codec", new HttpServerCodec())
                          .addLast("aggregator", new HttpObjectAggregator(MAX_BODY_BYTES))
                          .addLast("echo", new Echo());
                    }
                  })
              .bind(host, port)
              .sync()
              .channel();
      return new EchoBackend(group, listener);
    } catch (InterruptedException | RuntimeException e) {
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw e;
    }
  }

  /** The port it listens on. */
  public int port() {
    return ((java.net.InetSocketAddress) listener.localAddress()).getPort();
  }

  @Override
  public void close() {
    listener.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Answers each whole request; shared by nothing, one per connection. */
  static final class Echo extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      FullHttpResponse response;
      String path = request.uri();
      int query = path.indexOf('?');
      if (query >= 0) {
        path = path.substring(0, query);
      }
      if (request.method().equals(HttpMethod.POST) && path.equals("/invocations")) {
        response =
            new DefaultFullHttpResponse(
                request.protocolVersion(), HttpResponseStatus.OK, request.content().retain());
        CharSequence type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (type != null) {
          response.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        }
      } else if (request.method().equals(HttpMethod.GET) && path.equals("/ping")) {
        response =
            new DefaultFullHttpResponse(
                request.protocolVersion(), HttpResponseStatus.OK, Unpooled.EMPTY_BUFFER);
      } else {
        response =
            new DefaultFullHttpResponse(
                request.protocolVersion(), HttpResponseStatus.NOT_FOUND, Unpooled.EMPTY_BUFFER);
      }
      HttpUtil.setContentLength(response, response.content().readableBytes());
      boolean keepAlive = HttpUtil.isKeepAlive(request);
      if (keepAlive) {
        if (!request.protocolVersion().isKeepAliveDefault()) {
          response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        ctx.writeAndFlush(response, ctx.voidPromise());
      } else {
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
      }
    }
  }

  public static void main(String[] args) throws InterruptedException {
    CommandLineFlags flags;
    try {
      flags = CommandLineFlags.parse(args, java.util.Set.of("--host", "--port", "--threads"));
    } catch (BenchOptions.UsageException e) {
      System.err.println("Usage: EchoBackend [--host 127.0.0.1] [--port 8900] [--threads N]");
      System.exit(2);
      return;
    }
    EchoBackend echo =
        start(
            flags.text("--host", "127.0.0.1"),
            flags.whole("--port", 8900),
            flags.whole("--threads", Runtime.getRuntime().availableProcessors()));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  echo.close();
                  stopped.countDown();
                }));
    System.out.println("READY http://127.0.0.1:" + echo.port());
    System.out.flush();
    stopped.await();
  }
}
