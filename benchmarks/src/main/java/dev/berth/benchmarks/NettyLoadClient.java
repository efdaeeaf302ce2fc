package dev.berth.benchmarks;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollEventLoop;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.impl.ContextInternal;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;

/**
 * {@code berth bench}'s side of the wire: keep-alive HTTP/1.1 connections driven straight on Netty,
 * on the event loop of a one-thread Vert.x (whose timers the load runs use). It costs a fraction of
 * {@link LoadClient} per request, so the generator stays far from being the bottleneck: each
 * distinct {@link LoadRequest} (the same object for a whole second, see {@link InvokeRequests}) is
 * encoded to bytes once and then written as is; answers are decoded by Netty's {@link
 * HttpResponseDecoder}, and only an error's body is kept (to read its code).
 *
 * <p>Up to {@code connections} connections, each carrying up to {@code inFlight} requests
 * (pipelining above 1); requests beyond that wait, unbounded, for a connection: the open loop
 * bounds its own backlog. A request unanswered after {@link LoadClient#REQUEST_TIMEOUT_MILLIS}
 * fails as {@code Timeout} and closes its connection, failing the requests behind it.
 *
 * <p>Usage: {@code try (NettyLoadClient client = NettyLoadClient.connect(url, 256, 1)) { ... }}
 */
public final class NettyLoadClient implements LoadTarget {
  /** The most of an error body kept to find its code. */
  private static final int ERROR_BODY_LIMIT = 64 * 1024;

  /** Encoded requests kept; cleared when full (a second's requests number one per payload). */
  private static final int ENCODED_LIMIT = 256;

  private final Vertx vertx;
  private final ContextInternal context;
  private final EventLoop loop;
  private final Bootstrap bootstrap;
  private final String host;
  private final int maxConnections;
  private final int inFlight;
  private final List<Connection> connections = new ArrayList<>();
  // Connections that can take another request, the most recently used first.
  private final ArrayDeque<Connection> idle = new ArrayDeque<>();
  private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
  private final Map<LoadRequest, ByteBuf> encoded = new IdentityHashMap<>();
  private final long timeoutTimer;
  private int connecting;

  private NettyLoadClient(URI url, int maxConnections, int inFlight) {
    this.vertx =
        Vertx.vertx(
            new VertxOptions()
                .setEventLoopPoolSize(1)
                .setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
    this.context = (ContextInternal) vertx.getOrCreateContext();
    this.loop = context.nettyEventLoop();
    boolean tls = LoadClient.isTls(url);
    int port = LoadClient.port(url);
    this.host = LoadClient.hostHeader(url);
    this.maxConnections = maxConnections;
    this.inFlight = inFlight;
    SslContext ssl = tls ? sslContext() : null;
    this.bootstrap =
        new Bootstrap()
            .group(loop)
            .channel(
                loop instanceof EpollEventLoop ? EpollSocketChannel.class : NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) LoadClient.REQUEST_TIMEOUT_MILLIS)
            .remoteAddress(url.getHost(), port)
            .handler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    if (ssl != null) {
                      ch.pipeline().addLast(ssl.newHandler(ch.alloc(), url.getHost(), port));
                    }
                    ch.pipeline().addLast(new HttpResponseDecoder()).addLast(new Connection(ch));
                  }
                });
    this.timeoutTimer = vertx.setPeriodic(500, ignored -> expire());
  }

  /**
   * A client of {@code url} (http or https) with up to {@code connections} connections, each
   * carrying up to {@code inFlight} requests at once.
   */
  public static NettyLoadClient connect(URI url, int connections, int inFlight) {
    if (connections < 1 || inFlight < 1) {
      throw new IllegalArgumentException("connections and inFlight must be at least 1");
    }
    // Reads an error body once now: the first error must not load Jackson on the event loop,
    // where the half second it takes would be charged to every request due meanwhile.
    LoadClient.errorCode(500, null, Buffer.buffer("{\"__type\":\"Warmup\"}"));
    return new NettyLoadClient(url, connections, inFlight);
  }

  @Override
  public Context context() {
    return context;
  }

  @Override
  public Vertx vertx() {
    return vertx;
  }

  @Override
  public void send(LoadRequest request, Consumer<LoadClient.Answer> done) {
    Pending pending = new Pending(bytes(request), done);
    Connection c = idle.peekFirst();
    while (c != null && !c.ready()) {
      idle.pollFirst().inIdle = false;
      c = idle.peekFirst();
    }
    if (c != null) {
      c.write(pending);
      if (c.pending.size() >= inFlight) {
        idle.pollFirst().inIdle = false;
      }
      return;
    }
    waiting.add(pending);
    if (connections.size() + connecting < maxConnections && connecting < waiting.size()) {
      open();
    }
  }

  private ByteBuf bytes(LoadRequest request) {
    ByteBuf bytes = encoded.get(request);
    if (bytes == null) {
      if (encoded.size() >= ENCODED_LIMIT) {
        encoded.clear();
      }
      bytes = encode(request);
      encoded.put(request, bytes);
    }
    return bytes;
  }

  /** The request as it goes on the wire. */
  ByteBuf encode(LoadRequest request) {
    StringBuilder head = new StringBuilder(256);
    head.append("POST ").append(request.uri()).append(" HTTP/1.1\r\nhost: ").append(host);
    head.append("\r\ncontent-length: ").append(request.body().length()).append("\r\n");
    request
        .headers()
        .forEach(h -> head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n"));
    head.append("\r\n");
    byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    byte[] bytes = new byte[headBytes.length + request.body().length()];
    System.arraycopy(headBytes, 0, bytes, 0, headBytes.length);
    request.body().getBytes(0, request.body().length(), bytes, headBytes.length);
    // On the heap, so the garbage collector frees it; written as duplicates, never released, as
    // every send of this request shares it.
    return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(bytes));
  }

  private void open() {
    connecting++;
    bootstrap
        .connect()
        .addListener(
            future -> {
              connecting--;
              if (!future.isSuccess()) {
                // No connection: the request that asked for it fails; others keep waiting.
                Pending first = waiting.poll();
                if (first != null) {
                  first.fail(failureCode(future.cause()));
                }
                if (!waiting.isEmpty() && connections.size() + connecting < maxConnections) {
                  open();
                }
              }
            });
  }

  /** Gives {@code c} the requests waiting for a connection, or makes it idle. */
  private void drainWaiting(Connection c) {
    while (!waiting.isEmpty() && c.ready() && c.pending.size() < inFlight) {
      c.write(waiting.poll());
    }
    if (c.ready() && c.pending.size() < inFlight && !c.inIdle) {
      c.inIdle = true;
      idle.addFirst(c);
    }
  }

  private void expire() {
    long oldest =
        System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(LoadClient.REQUEST_TIMEOUT_MILLIS);
    for (Connection c : List.copyOf(connections)) {
      Pending head = c.pending.peek();
      if (head != null && head.sentNanos < oldest) {
        c.failAll("Timeout");
        c.channel.close();
      }
    }
  }

  @Override
  public void close() {
    context.runOnContext(
        ignored -> {
          vertx.cancelTimer(timeoutTimer);
          for (Connection c : List.copyOf(connections)) {
            c.channel.close();
          }
        });
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // Closing the generator cannot change a result already measured.
    }
  }

  static String failureCode(Throwable failure) {
    if (failure instanceof ConnectException) {
      return "ConnectionRefused";
    }
    if (failure != null && failure.getClass().getSimpleName().contains("Timeout")) {
      return "Timeout";
    }
    return "ClientError:" + (failure == null ? "Closed" : failure.getClass().getSimpleName());
  }

  private static SslContext sslContext() {
    try {
      return SslContextBuilder.forClient().build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  /** A request written or waiting for a connection. */
  private static final class Pending {
    final ByteBuf bytes;
    final Consumer<LoadClient.Answer> done;
    long sentNanos;

    Pending(ByteBuf bytes, Consumer<LoadClient.Answer> done) {
      this.bytes = bytes;
      this.done = done;
    }

    void fail(String code) {
      long now = System.nanoTime();
      done.accept(
          new LoadClient.Answer(
              sentNanos == 0 ? now : sentNanos, now, code, LoadClient.Answer.NO_ANSWER));
    }
  }

  /** One connection and its requests in order: HTTP/1.1 answers come in the order asked. */
  private final class Connection extends ChannelInboundHandlerAdapter {
    final Channel channel;
    final ArrayDeque<Pending> pending = new ArrayDeque<>();
    boolean inIdle;
    private boolean active;
    private int status;
    private String errorType;
    private boolean keepAlive;
    private CompositeByteBuf errorBody;

    Connection(Channel channel) {
      this.channel = channel;
    }

    boolean ready() {
      return active && channel.isActive();
    }

    void write(Pending p) {
      p.sentNanos = System.nanoTime();
      pending.add(p);
      channel.writeAndFlush(p.bytes.duplicate(), channel.voidPromise());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      SslHandler tls = ctx.pipeline().get(SslHandler.class);
      if (tls != null) {
        tls.handshakeFuture()
            .addListener(
                f -> {
                  if (f.isSuccess()) {
                    becomeReady();
                  } else {
                    ctx.close();
                  }
                });
      } else {
        becomeReady();
      }
      ctx.fireChannelActive();
    }

    private void becomeReady() {
      active = true;
      connections.add(this);
      drainWaiting(this);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (msg instanceof HttpResponse response) {
          status = response.status().code();
          keepAlive = HttpUtil.isKeepAlive(response);
          errorType = status == 200 ? null : response.headers().get("x-amzn-ErrorType");
          if (status != 200) {
            errorBody = ctx.alloc().compositeBuffer();
          }
        }
        if (msg instanceof HttpContent content && errorBody != null) {
          if (errorBody.readableBytes() < ERROR_BODY_LIMIT && content.content().isReadable()) {
            errorBody.addComponent(true, content.content().retain());
          }
        }
        if (msg instanceof LastHttpContent) {
          answered();
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    private void answered() {
      long now = System.nanoTime();
      Pending p = pending.poll();
      String code = null;
      if (status != 200) {
        Buffer body =
            errorBody == null
                ? Buffer.buffer()
                : Buffer.buffer(errorBody.toString(StandardCharsets.UTF_8));
        code = LoadClient.errorCode(status, errorType, body);
      }
      if (errorBody != null) {
        errorBody.release();
        errorBody = null;
      }
      if (p != null) {
        p.done.accept(new LoadClient.Answer(p.sentNanos, now, code, status));
      }
      if (!keepAlive) {
        channel.close();
        return;
      }
      drainWaiting(this);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      failAll(failureCode(cause));
      ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      active = false;
      connections.remove(this);
      if (inIdle) {
        idle.remove(this);
        inIdle = false;
      }
      if (errorBody != null) {
        errorBody.release();
        errorBody = null;
      }
      failAll("ClientError:ConnectionClosed");
      // Requests still waiting need a connection; open one in this one's place.
      if (!waiting.isEmpty() && connections.size() + connecting < maxConnections) {
        open();
      }
      ctx.fireChannelInactive();
    }

    void failAll(String code) {
      Pending p;
      while ((p = pending.poll()) != null) {
        p.fail(code);
      }
    }
  }
}
