package dev.berth.dataplane.upstream;

import dev.berth.dataplane.metrics.DataPlaneMetrics;
import dev.berth.dataplane.routes.Instance;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Keep-alive connections to runtime instances, for one event loop: every connection lives on the
 * loop of the client connections it serves, so a request never crosses threads and the pool needs
 * no lock. Not thread-safe: call it on its loop only.
 */
public final class UpstreamPool {
  // Idle connections kept per instance; a burst beyond that opens and then closes extra ones.
  private static final int MAX_IDLE_PER_INSTANCE = 256;

  private final EventLoop loop;
  private final Bootstrap bootstrap;
  private final DataPlaneMetrics metrics;
  private final Map<Instance, ArrayDeque<Channel>> idle = new HashMap<>();

  UpstreamPool(
      EventLoop loop,
      Class<? extends Channel> channelType,
      int connectTimeoutMillis,
      DataPlaneMetrics metrics) {
    this.loop = loop;
    this.metrics = metrics;
    this.bootstrap =
        new Bootstrap()
            .group(loop)
            .channel(channelType)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.SO_KEEPALIVE, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
            .handler(
                new ChannelInitializer<>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline()
                        .addLast(
                            UpstreamHandler.CODEC,
                            new HttpClientCodec(
                                new HttpDecoderConfig()
                                    .setMaxInitialLineLength(4096)
                                    .setMaxHeaderSize(16 * 1024)
                                    .setMaxChunkSize(64 * 1024)
                                    .setHeadersFactory(
                                        DefaultHttpHeadersFactory.headersFactory()
                                            .withValidation(false)),
                                false,
                                false))
                        .addLast("exchange", new UpstreamHandler());
                  }
                });
  }

  /**
   * A connection to {@code instance} for {@code listener}: an idle one unless {@code fresh}, else a
   * new one. {@code then} runs on this loop with the connection, or with why none could be had; the
   * boolean says whether the connection had served earlier exchanges (a stale keep-alive connection
   * may close under a request that then never reached the instance).
   */
  public void acquire(
      Instance instance,
      boolean fresh,
      UpstreamListener listener,
      BiConsumer<Channel, Throwable> then) {
    if (!fresh) {
      ArrayDeque<Channel> channels = idle.get(instance);
      Channel ch;
      while (channels != null && (ch = channels.pollLast()) != null) {
        if (ch.isActive()) {
          handler(ch).listener(listener);
          then.accept(ch, null);
          return;
        }
      }
    }
    metrics.upstreamConnect();
    ChannelFuture connect = bootstrap.connect(instance.socketAddress());
    connect.addListener(
        f -> {
          if (f.isSuccess()) {
            Channel ch = connect.channel();
            // Runs on this loop, the channel's: an idle connection that closes leaves the pool.
            ch.closeFuture().addListener(closed -> forget(instance, ch));
            handler(ch).listener(listener);
            then.accept(ch, null);
          } else {
            then.accept(null, f.cause());
          }
        });
  }

  /** True if {@code ch} served an exchange before its current one. */
  public static boolean reused(Channel ch) {
    return handler(ch).reused();
  }

  /**
   * Puts {@code ch}, whose exchange ended cleanly, back for the next request to {@code instance}.
   */
  public void release(Instance instance, Channel ch) {
    handler(ch).listener(null);
    if (!ch.isActive()) {
      return;
    }
    ArrayDeque<Channel> channels = idle.computeIfAbsent(instance, i -> new ArrayDeque<>());
    if (channels.size() >= MAX_IDLE_PER_INSTANCE) {
      ch.close();
      return;
    }
    channels.addLast(ch);
  }

  /**
   * Sends {@code head} and {@code body}, a request already encoded as bytes, on {@code ch} and
   * flushes. They bypass the codec's encoder, whose state they leave alone: its decoder then reads
   * the answer as the answer to a request that is not a {@code HEAD}.
   */
  public static ChannelFuture writeEncoded(Channel ch, ByteBuf head, ByteBuf body) {
    return handler(ch).writeEncoded(head, body);
  }

  /** Closes {@code ch} without telling its exchange, which has already given up on it. */
  public void discard(Channel ch) {
    handler(ch).listener(null);
    ch.close();
  }

  private void forget(Instance instance, Channel ch) {
    ArrayDeque<Channel> channels = idle.get(instance);
    if (channels != null && channels.remove(ch) && channels.isEmpty()) {
      idle.remove(instance);
    }
  }

  /** Closes every idle connection. */
  public void closeIdle() {
    if (!loop.inEventLoop()) {
      loop.execute(this::closeIdle);
      return;
    }
    for (ArrayDeque<Channel> channels : idle.values().toArray(new ArrayDeque[0])) {
      for (Channel ch : channels.toArray(new Channel[0])) {
        ch.close();
      }
    }
  }

  private static UpstreamHandler handler(Channel ch) {
    // The exchange handler is the pipeline's last: found without a search by name.
    return (UpstreamHandler) ch.pipeline().last();
  }
}
