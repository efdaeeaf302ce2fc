package dev.berth.dataplane.http;

import dev.berth.dataplane.metrics.VariantMeters;
import dev.berth.dataplane.routes.EndpointRoute;
import dev.berth.dataplane.routes.Instance;
import dev.berth.dataplane.routes.VariantRoute;
import dev.berth.dataplane.upstream.UpstreamListener;
import dev.berth.dataplane.upstream.UpstreamPool;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A copy of an invocation for a shadow variant (SageMaker's {@code ShadowProductionVariants}): sent
 * on the side, its answer counted in the shadow variant's metrics and dropped. It never delays,
 * fails or retries the caller's own request; with no instance free it is simply not sent.
 */
final class ShadowCall implements UpstreamListener {
  private final ServerContext server;
  private final EventLoop loop;
  private final VariantRoute variant;
  private final FullHttpRequest request;
  private final VariantMeters meters;
  private final UpstreamPool pool;
  private Instance instance;
  private Channel upstream;
  private ScheduledFuture<?> timeout;
  private int status;
  private boolean keepAlive;
  private long sentNanos;
  private boolean done;

  private ShadowCall(
      ServerContext server,
      EventLoop loop,
      String account,
      EndpointRoute endpoint,
      VariantRoute variant,
      FullHttpRequest request) {
    this.server = server;
    this.loop = loop;
    this.variant = variant;
    this.request = request;
    this.meters = server.metrics.variant(account, endpoint.name(), variant.variantName());
    this.pool = server.upstreams.of(loop);
  }

  /**
   * Sends copies of {@code original} to the endpoint's shadow variants, each with the probability
   * its weight gives it against the weight of the variants that answer (capped at 1).
   */
  static void mirror(
      ServerContext server,
      EventLoop loop,
      Target target,
      HttpHeaders original,
      ByteBuf body,
      boolean stream) {
    EndpointRoute endpoint = target.endpoint();
    double production = 0;
    for (VariantRoute v : endpoint.variants()) {
      production += Math.max(0, v.weight());
    }
    for (VariantRoute shadow : endpoint.shadows()) {
      double share = production <= 0 ? 1 : Math.min(1, shadow.weight() / production);
      if (shadow.instances().isEmpty() || ThreadLocalRandom.current().nextDouble() >= share) {
        continue;
      }
      FullHttpRequest copy =
          new DefaultFullHttpRequest(
              HttpVersion.HTTP_1_1,
              HttpMethod.POST,
              "/invocations",
              body.retainedDuplicate(),
              Headers.UNVALIDATED,
              Headers.UNVALIDATED);
      UpstreamCall.forwardHeaders(original, HeaderSink.of(copy.headers()), stream);
      copy.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
      new ShadowCall(server, loop, target.caller().account(), endpoint, shadow, copy).start();
    }
  }

  private void start() {
    instance = variant.acquireInstance(null, server.config.maxInFlightPerInstance());
    if (instance == null) {
      request.release();
      return;
    }
    request.headers().set(HttpHeaderNames.HOST, instance.address());
    pool.acquire(instance, false, this, this::connected);
  }

  private void connected(Channel ch, Throwable cause) {
    if (cause != null) {
      instance.bench();
      end(0);
      return;
    }
    upstream = ch;
    meters.invoked(instance.address());
    sentNanos = System.nanoTime();
    timeout = loop.schedule(() -> end(0), server.invocationTimeoutNanos, TimeUnit.NANOSECONDS);
    request.retain();
    ch.writeAndFlush(request).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
  }

  @Override
  public void onResponse(HttpResponse head) {
    status = head.status().code();
    keepAlive = HttpUtil.isKeepAlive(head);
  }

  @Override
  public void onContent(HttpContent content) {
    boolean last = content instanceof LastHttpContent;
    content.release();
    if (last && status >= 200) {
      end(status);
    }
  }

  @Override
  public void onReadComplete() {}

  @Override
  public void onClosed(Throwable cause) {
    upstream = null;
    end(0);
  }

  private void end(int containerStatus) {
    if (done) {
      return;
    }
    done = true;
    if (timeout != null) {
      timeout.cancel(false);
    }
    if (upstream != null) {
      long nanos = System.nanoTime() - sentNanos;
      meters.completed(containerStatus, containerStatus == 0 ? -1 : nanos, nanos);
      if (containerStatus != 0 && keepAlive) {
        pool.release(instance, upstream);
      } else {
        pool.discard(upstream);
      }
      upstream = null;
    }
    instance.release();
    request.release();
  }
}
