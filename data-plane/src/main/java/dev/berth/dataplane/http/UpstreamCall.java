package dev.berth.dataplane.http;

import dev.berth.awswire.error.AwsError;
import dev.berth.dataplane.metrics.VariantMeters;
import dev.berth.dataplane.routes.Instance;
import dev.berth.dataplane.upstream.UpstreamListener;
import dev.berth.dataplane.upstream.UpstreamPool;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One invocation on its way to an instance and back, on the event loop of the client's connection:
 * takes a pooled connection (or opens one), sends {@code POST /invocations}, and relays the answer
 * — a success byte for byte (or, for a stream, re-framed as event-stream {@code PayloadPart}s), a
 * container error as {@code ModelError} 424, no answer in time as a timeout {@code ModelError}.
 *
 * <p>A refused connection is retried once on another instance, and a stale keep-alive connection
 * that closes before any answer once on a new connection: in both cases the instance never saw the
 * request. A request an instance may have begun is never sent twice.
 */
final class UpstreamCall implements UpstreamListener, InFlightCall {
  private static final String EVENT_STREAM = "application/vnd.amazon.eventstream";
  private static final int MAX_ERROR_BODY = 64 * 1024;
  private static final int MAX_ATTEMPTS = 2;
  private static final AsciiString[] FORWARDED = {
    Headers.CONTENT_TYPE,
    Headers.CUSTOM_ATTRIBUTES,
    Headers.TARGET_MODEL,
    Headers.INFERENCE_ID,
    Headers.SESSION_ID,
    Headers.ENABLE_EXPLANATIONS,
  };
  private static final AsciiString[] RETURNED = {
    Headers.CUSTOM_ATTRIBUTES, Headers.NEW_SESSION_ID, Headers.CLOSED_SESSION_ID,
  };

  private enum Phase {
    CONNECTING,
    WAITING,
    RELAYING,
    COLLECTING_ERROR,
    DONE
  }

  private final InvocationHandler inbound;
  private final ServerContext server;
  private final ChannelHandlerContext ctx;
  private final HttpRequest request;
  private final Target target;
  private final ByteBuf body;
  private final String requestId;
  private final long startNanos;
  private final boolean keepAlive;
  private final boolean stream;
  private final VariantMeters meters;
  private final UpstreamPool pool;
  private final ChannelHandlerContext wire;

  private Phase phase = Phase.CONNECTING;
  private Instance instance;
  private boolean holdingInstance;
  private Channel upstream;
  private int attempts;
  private boolean counted;
  private long sentNanos;
  private ScheduledFuture<?> timeout;
  private int status;
  private boolean upstreamKeepAlive;
  // The answer is relayed as bytes past the caller's encoder (a head of known length).
  private boolean encoded;
  private CompositeByteBuf errorBody;
  private boolean errorTruncated;
  private boolean bodyReleased;

  UpstreamCall(
      InvocationHandler inbound,
      ServerContext server,
      ChannelHandlerContext ctx,
      HttpRequest request,
      InvocationPath path,
      Target target,
      ByteBuf body,
      String requestId,
      long startNanos,
      boolean keepAlive) {
    this.inbound = inbound;
    this.server = server;
    this.ctx = ctx;
    this.request = request;
    this.target = target;
    this.body = body;
    this.requestId = requestId;
    this.startNanos = startNanos;
    this.keepAlive = keepAlive;
    this.stream = path.operation() == InvocationPath.Operation.STREAM;
    this.meters =
        server.metrics.variant(
            target.caller().account(), target.endpoint().name(), target.variant().variantName());
    this.pool = server.upstreams.of(ctx.channel().eventLoop());
    this.wire = inbound.wire();
  }

  void start() {
    instance = target.variant().acquireInstance(null, server.config.maxInFlightPerInstance());
    if (instance == null) {
      refuse(RuntimeErrors.noInstance(target.endpoint().name(), target.variant().variantName()));
      return;
    }
    holdingInstance = true;
    if (!target.endpoint().shadows().isEmpty()) {
      ShadowCall.mirror(server, ctx.channel().eventLoop(), target, request.headers(), body, stream);
    }
    send(false);
  }

  private void send(boolean fresh) {
    attempts++;
    phase = Phase.CONNECTING;
    pool.acquire(instance, fresh, this, this::connected);
  }

  private void connected(Channel ch, Throwable cause) {
    if (phase == Phase.DONE) {
      if (ch != null) {
        pool.release(instance, ch);
      }
      return;
    }
    if (cause != null) {
      // Nothing was sent: another instance may take the request.
      instance.bench();
      releaseInstance();
      Instance other =
          attempts < MAX_ATTEMPTS
              ? target.variant().acquireInstance(instance, server.config.maxInFlightPerInstance())
              : null;
      if (other == null) {
        refuse(RuntimeErrors.noInstance(target.endpoint().name(), target.variant().variantName()));
        return;
      }
      server.metrics.upstreamRetry();
      instance = other;
      holdingInstance = true;
      send(false);
      return;
    }
    upstream = ch;
    if (!counted) {
      counted = true;
      meters.invoked(instance.address());
    }
    phase = Phase.WAITING;
    sentNanos = System.nanoTime();
    armTimeout();
    EncodedHead head = EncodedHead.invocation(ch.alloc(), instance.address(), body.readableBytes());
    forwardHeaders(request.headers(), head, stream);
    UpstreamPool.writeEncoded(ch, head.end(), body.retainedDuplicate())
        .addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
  }

  /** Passes on the headers the container contract forwards (spec §1.3) from a caller's request. */
  static void forwardHeaders(HttpHeaders from, HeaderSink to, boolean stream) {
    for (AsciiString name : FORWARDED) {
      String value = from.get(name);
      if (value != null) {
        to.header(name, value);
      }
    }
    String accept = from.get(stream ? Headers.SAGEMAKER_ACCEPT : Headers.ACCEPT);
    if (accept != null) {
      to.header(HttpHeaderNames.ACCEPT, accept);
    }
  }

  @Override
  public void onResponse(HttpResponse head) {
    if (phase != Phase.WAITING) {
      return;
    }
    status = head.status().code();
    if (status < 200) {
      return; // an interim 1xx; the real answer follows
    }
    upstreamKeepAlive = HttpUtil.isKeepAlive(head);
    if (status < 300) {
      phase = Phase.RELAYING;
      if (stream) {
        ctx.write(streamHead(head));
        armTimeout(); // from now on: the longest silence between two parts
      } else {
        relayHead(head);
      }
    } else {
      phase = Phase.COLLECTING_ERROR;
      errorBody = ctx.alloc().compositeBuffer();
    }
  }

  /**
   * Relays a success's head: as bytes when its length is known (the usual answer), else through the
   * encoder, which frames a body of unknown length in chunks.
   */
  private void relayHead(HttpResponse head) {
    HttpHeaders from = head.headers();
    String length = from.get(HttpHeaderNames.CONTENT_LENGTH);
    String contentType = from.get(HttpHeaderNames.CONTENT_TYPE);
    if (length != null && !from.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
      encoded = true;
      EncodedHead out = EncodedHead.response(ctx.alloc(), head.status());
      if (contentType != null) {
        out.header(HttpHeaderNames.CONTENT_TYPE, contentType);
      }
      out.header(HttpHeaderNames.CONTENT_LENGTH, length);
      finishHead(from, out);
      wire.write(out.end(), wire.voidPromise());
      return;
    }
    HttpResponse out =
        new DefaultHttpResponse(HttpVersion.HTTP_1_1, head.status(), Headers.UNVALIDATED);
    HttpHeaders to = out.headers();
    if (contentType != null) {
      to.set(HttpHeaderNames.CONTENT_TYPE, contentType);
    }
    copy(from, to, HttpHeaderNames.TRANSFER_ENCODING);
    if (!to.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
      to.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    }
    finishHead(from, HeaderSink.of(to));
    ctx.write(out);
  }

  private HttpResponse streamHead(HttpResponse head) {
    HttpResponse out =
        new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Headers.UNVALIDATED);
    HttpHeaders from = head.headers();
    HttpHeaders to = out.headers();
    to.set(HttpHeaderNames.CONTENT_TYPE, EVENT_STREAM);
    String contentType = from.get(HttpHeaderNames.CONTENT_TYPE);
    if (contentType != null) {
      to.set(Headers.SAGEMAKER_CONTENT_TYPE, contentType);
    }
    to.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    finishHead(from, HeaderSink.of(to));
    return out;
  }

  /** The headers every relayed success ends with: the container's own, then the data plane's. */
  private void finishHead(HttpHeaders from, HeaderSink to) {
    for (AsciiString name : RETURNED) {
      String value = from.get(name);
      if (value != null) {
        to.header(name, value);
      }
    }
    to.header(Headers.INVOKED_VARIANT, target.variant().variantName());
    to.header(Headers.REQUEST_ID, requestId);
    if (!keepAlive) {
      to.header(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
  }

  private static void copy(HttpHeaders from, HttpHeaders to, CharSequence name) {
    String value = from.get(name);
    if (value != null) {
      to.set(name, value);
    }
  }

  @Override
  public void onContent(HttpContent content) {
    boolean last = content instanceof LastHttpContent;
    switch (phase) {
      case RELAYING -> {
        ChannelFuture written;
        if (stream) {
          ByteBuf data = content.content();
          if (data.isReadable()) {
            ctx.write(new DefaultHttpContent(EventStreamFrames.payloadPart(data)));
          }
          content.release();
          written = last ? ctx.write(LastHttpContent.EMPTY_LAST_CONTENT) : null;
          if (!last) {
            armTimeout();
          }
        } else if (encoded) {
          written = wire.write(content.content(), last ? wire.newPromise() : wire.voidPromise());
        } else {
          written = ctx.write(content);
        }
        if (last) {
          ctx.flush();
          succeeded(written);
        } else if (!ctx.channel().isWritable()) {
          // A slow client: stop reading the instance until the client catches up.
          upstream.config().setAutoRead(false);
        }
      }
      case COLLECTING_ERROR -> {
        ByteBuf data = content.content();
        int room = MAX_ERROR_BODY - errorBody.readableBytes();
        if (data.readableBytes() > room) {
          errorTruncated = true;
        }
        if (room > 0 && data.isReadable()) {
          errorBody.addComponent(
              true, data.readRetainedSlice(Math.min(room, data.readableBytes())));
        }
        content.release();
        if (last) {
          String text = errorBody.toString(StandardCharsets.UTF_8);
          failed(status, text, !errorTruncated, upstreamKeepAlive);
        }
      }
      default -> content.release();
    }
  }

  @Override
  public void onReadComplete() {
    if (phase == Phase.RELAYING) {
      ctx.flush();
    }
  }

  @Override
  public void inboundWritable(boolean writable) {
    if (upstream != null && phase == Phase.RELAYING) {
      upstream.config().setAutoRead(writable);
    }
  }

  @Override
  public void onClosed(Throwable cause) {
    switch (phase) {
      case WAITING -> {
        if (UpstreamPool.reused(upstream) && attempts < MAX_ATTEMPTS) {
          // A keep-alive connection the instance had closed: the request never reached it.
          cancelTimeout();
          upstream = null;
          server.metrics.upstreamRetry();
          send(true);
          return;
        }
        instance.bench();
        failed(
            0,
            "The instance closed the connection before it answered"
                + (cause == null ? "." : ": " + cause.getMessage()),
            true,
            false);
      }
      case COLLECTING_ERROR ->
          failed(status, errorBody.toString(StandardCharsets.UTF_8), false, false);
      case RELAYING -> {
        if (stream) {
          endStream(
              "The model's response stream broke off before it was complete.", "StreamBroken");
        } else {
          abort();
        }
      }
      default -> {}
    }
  }

  private void timedOut() {
    timeout = null;
    switch (phase) {
      case WAITING, COLLECTING_ERROR -> {
        discardUpstream();
        failed(0, RuntimeErrors.TIMEOUT_TEXT, true, false);
      }
      case RELAYING -> {
        discardUpstream();
        if (stream) {
          endStream(RuntimeErrors.STREAM_TIMEOUT_TEXT, "ModelInvocationTimeExceeded");
        } else {
          abort();
        }
      }
      default -> {}
    }
  }

  @Override
  public void cancel() {
    if (phase == Phase.DONE) {
      return;
    }
    phase = Phase.DONE;
    cancelTimeout();
    discardUpstream();
    releaseInstance();
    releaseBuffers();
  }

  private void succeeded(ChannelFuture lastWrite) {
    long now = System.nanoTime();
    phase = Phase.DONE;
    cancelTimeout();
    meters.completed(status, now - sentNanos, now - startNanos);
    if (upstreamKeepAlive) {
      upstream.config().setAutoRead(true);
      pool.release(instance, upstream);
    } else {
      discardUpstream();
    }
    upstream = null;
    releaseInstance();
    releaseBuffers();
    inbound.completed(lastWrite, keepAlive);
  }

  /**
   * The container answered {@code containerStatus} with {@code text} (0: it did not answer): a
   * {@code ModelError} to the caller.
   */
  private void failed(int containerStatus, String text, boolean complete, boolean reusable) {
    long now = System.nanoTime();
    phase = Phase.DONE;
    cancelTimeout();
    meters.completed(
        containerStatus, containerStatus == 0 ? -1 : now - sentNanos, now - startNanos);
    if (reusable && upstream != null && upstream.isActive()) {
      pool.release(instance, upstream);
    } else {
      discardUpstream();
    }
    upstream = null;
    releaseInstance();
    releaseBuffers();
    AwsError error =
        RuntimeErrors.modelError(
            containerStatus,
            text,
            complete,
            target.endpoint().name(),
            target.caller().account(),
            target.caller().region());
    inbound.completed(Responses.error(ctx, error, requestId, keepAlive), keepAlive);
  }

  /** Nothing was sent to any instance: the data plane answers itself. */
  private void refuse(AwsError error) {
    phase = Phase.DONE;
    releaseBuffers();
    inbound.respond(error, "no_instance");
  }

  /** Ends a stream that has begun with a {@code ModelStreamError} message (spec §1.4). */
  private void endStream(String message, String errorCode) {
    long now = System.nanoTime();
    phase = Phase.DONE;
    cancelTimeout();
    meters.completed(0, -1, now - startNanos);
    discardUpstream();
    releaseInstance();
    releaseBuffers();
    ctx.write(new DefaultHttpContent(EventStreamFrames.modelStreamError(message, errorCode)));
    ChannelFuture last = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    inbound.completed(last, keepAlive);
  }

  /** A success already under way cannot become an error: the client's connection is dropped. */
  private void abort() {
    long now = System.nanoTime();
    phase = Phase.DONE;
    cancelTimeout();
    meters.completed(0, -1, now - startNanos);
    discardUpstream();
    releaseInstance();
    releaseBuffers();
    inbound.abort();
  }

  private void armTimeout() {
    cancelTimeout();
    timeout =
        ctx.executor()
            .schedule(this::timedOut, server.invocationTimeoutNanos, TimeUnit.NANOSECONDS);
  }

  private void cancelTimeout() {
    if (timeout != null) {
      timeout.cancel(false);
      timeout = null;
    }
  }

  private void discardUpstream() {
    if (upstream != null) {
      Channel ch = upstream;
      upstream = null;
      pool.discard(ch);
    }
  }

  private void releaseInstance() {
    if (holdingInstance) {
      holdingInstance = false;
      instance.release();
    }
  }

  private void releaseBuffers() {
    if (!bodyReleased) {
      bodyReleased = true;
      body.release();
    }
    if (errorBody != null) {
      errorBody.release();
      errorBody = null;
    }
  }
}
