package dev.berth.dataplane.http;

import dev.berth.awswire.error.AwsError;
import dev.berth.awswire.error.AwsErrorCode;
import dev.berth.awswire.error.AwsServiceException;
import dev.berth.awswire.error.WireProtocol;
import dev.berth.awswire.sigv4.SigV4Credential;
import dev.berth.dataplane.DataPlaneConfig;
import dev.berth.dataplane.auth.AccessKey;
import dev.berth.dataplane.auth.Caller;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: reads each request (head, then body up to the 6 MiB limit, hashing it for
 * SigV4 as it arrives), authenticates it, routes it, and hands it to an {@link UpstreamCall}. One
 * request is answered at a time; a pipelined request waits until the one before it is answered.
 */
final class InvocationHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(InvocationHandler.class);
  private static final int MAX_BACKLOG = 64;
  private static final int MAX_BODY_COMPONENTS = 1024;
  // After a 413 the rest of the body is read and dropped, so that the client, still sending, gets
  // to read the answer; past this much, or after the read timeout, the connection is just closed.
  private static final long MAX_DISCARDED_BYTES = 64L * 1024 * 1024;
  private static final HexFormat HEX = HexFormat.of();

  private final ServerContext server;
  private final ResponseEncoder encoder;
  private final MessageDigest digest = sha256();
  private ChannelHandlerContext ctx;
  private ChannelHandlerContext wire;

  // The request being read.
  private HttpRequest head;
  private InvocationPath path;
  private AwsError refusal;
  // The body's one part as it arrived, or, from its second part on, a composite of the parts.
  private ByteBuf body;
  private CompositeByteBuf parts;
  private long received;
  private long startNanos;
  private String requestId;
  private boolean keepAlive;
  private ScheduledFuture<?> readDeadline;

  // The request being answered.
  private boolean busy;
  private boolean closing;
  private boolean discarding;
  private long discarded;
  private InFlightCall call;
  private boolean passThrough;
  // When the last answer was written (System.nanoTime()): the connection is idle from then on.
  private long answeredNanos = System.nanoTime();
  private boolean idleCheckPending;
  private final ArrayDeque<Object> backlog = new ArrayDeque<>();

  InvocationHandler(ServerContext server, ResponseEncoder encoder) {
    this.server = server;
    this.encoder = encoder;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    this.wire = ctx.pipeline().context(encoder);
  }

  /**
   * Where an answer already encoded as bytes ({@link EncodedHead}) is written: past the encoder,
   * whose state it leaves alone. Flushing {@code ctx} flushes it too.
   */
  ChannelHandlerContext wire() {
    return wire;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (discarding) {
      discard(msg);
      return;
    }
    if (closing) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (busy) {
      if (backlog.size() >= MAX_BACKLOG) {
        ReferenceCountUtil.release(msg);
        ctx.close();
        return;
      }
      backlog.add(msg);
      return;
    }
    read(msg);
  }

  private void read(Object msg) {
    try {
      if (msg instanceof HttpRequest request) {
        begin(request);
      }
      if (msg instanceof HttpContent content && head != null && !closing) {
        append(content);
      } else if (discarding && msg instanceof LastHttpContent) {
        ctx.close();
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void begin(HttpRequest request) {
    startNanos = System.nanoTime();
    encoder.answeringHead(HttpMethod.HEAD.equals(request.method()));
    requestId = RequestIds.next();
    keepAlive = HttpUtil.isKeepAlive(request) && !server.draining();
    if (request.decoderResult().isFailure()) {
      Throwable cause = request.decoderResult().cause();
      if (cause instanceof TooLongFrameException) {
        refuseAndClose(
            AwsError.of(
                AwsErrorCode.HEADERS_TOO_LARGE,
                "The request line or headers exceed " + server.config.maxHeaderBytes() + " bytes."),
            "header_too_large");
      } else {
        refuseAndClose(
            AwsError.of(AwsErrorCode.VALIDATION_ERROR, "Malformed HTTP request: " + cause),
            "bad_request");
      }
      return;
    }
    long length = HttpUtil.getContentLength(request, -1L);
    if (length > DataPlaneConfig.MAX_PAYLOAD_BYTES) {
      // Answered from the head alone: the body is never held (spec §9.6). A client that asked
      // to continue sends none; any other is sending it and is let finish, unheard.
      refuseAndDiscard(
          RuntimeErrors.payloadTooLarge(length, DataPlaneConfig.MAX_PAYLOAD_BYTES),
          !HttpUtil.is100ContinueExpected(request));
      return;
    }
    path = InvocationPath.parse(request.method(), request.uri());
    passThrough = path == null && server.passThrough != null;
    refusal =
        path == null && !passThrough
            ? RuntimeErrors.unknownOperation(request.method().name(), pathOf(request.uri()))
            : null;
    if (HttpUtil.is100ContinueExpected(request)) {
      ctx.writeAndFlush(
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
    }
    head = request;
    received = 0;
    digest.reset();
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    // Most requests arrive whole in one read: the body's deadline is set only for those that don't.
    if (head != null && !busy && !closing && !discarding && readDeadline == null) {
      readDeadline =
          ctx.executor()
              .schedule(this::readTimedOut, server.requestReadTimeoutNanos, TimeUnit.NANOSECONDS);
    }
    ctx.fireChannelReadComplete();
  }

  private void append(HttpContent content) {
    ByteBuf data = content.content();
    int n = data.readableBytes();
    if (n > 0) {
      received += n;
      if (received > DataPlaneConfig.MAX_PAYLOAD_BYTES) {
        refuseAndDiscard(
            RuntimeErrors.payloadTooLarge(received, DataPlaneConfig.MAX_PAYLOAD_BYTES),
            !(content instanceof LastHttpContent));
        return;
      }
      if (refusal == null) {
        if (!passThrough) {
          for (ByteBuffer nio : data.nioBuffers()) {
            digest.update(nio);
          }
        }
        if (body == null) {
          body = data.retain();
        } else {
          if (parts == null) {
            parts = ctx.alloc().compositeBuffer(MAX_BODY_COMPONENTS);
            body = parts.addComponent(true, body);
          }
          parts.addComponent(true, data.retain());
        }
      }
    }
    if (content instanceof LastHttpContent) {
      if (readDeadline != null) {
        readDeadline.cancel(false);
        readDeadline = null;
      }
      dispatch();
    }
  }

  private void dispatch() {
    busy = true;
    server.invocationStarted();
    if (refusal != null) {
      // A SageMaker API call sent here is answered in its own protocol.
      respond(refusal, "unknown_operation", Responses.protocolOf(head));
      return;
    }
    if (passThrough) {
      PassThroughCall relay = new PassThroughCall(this, server, ctx, head, takeBody(), keepAlive);
      call = relay;
      relay.start();
      return;
    }
    NettySignableRequest signable = new NettySignableRequest(head);
    SigV4Credential credential;
    try {
      credential = server.authenticator.parse(signable);
    } catch (AwsServiceException e) {
      respond(e.error(), "auth");
      return;
    }
    String payloadHash = HEX.formatHex(digest.digest());
    AccessKey key = server.keys.cached(credential.accessKeyId());
    if (key != null) {
      authorize(credential, signable, payloadHash, key);
      return;
    }
    HttpRequest waiting = head;
    server
        .keys
        .lookup(credential.accessKeyId())
        .whenComplete(
            (found, failure) ->
                ctx.executor()
                    .execute(
                        () -> {
                          // The connection may have closed, and cleaned up, meanwhile.
                          if (head == waiting && busy && call == null) {
                            authorize(
                                credential,
                                signable,
                                payloadHash,
                                found == null ? null : found.orElse(null));
                          }
                        }));
  }

  private void authorize(
      SigV4Credential credential,
      NettySignableRequest signable,
      String payloadHash,
      AccessKey key) {
    Target target;
    try {
      Caller caller =
          server.authenticator.verify(credential, signable, payloadHash, key, path.endpointName());
      target = InvocationRouter.route(caller, path, head.headers(), server.routes.get());
    } catch (AwsServiceException e) {
      respond(e.error(), reason(e.error()));
      return;
    }
    UpstreamCall invocation =
        new UpstreamCall(
            this, server, ctx, head, path, target, takeBody(), requestId, startNanos, keepAlive);
    call = invocation;
    invocation.start();
  }

  /** Answers the current request with {@code error} (not sent to any instance). */
  void respond(AwsError error, String reason) {
    respond(error, reason, WireProtocol.REST_JSON);
  }

  private void respond(AwsError error, String reason, WireProtocol protocol) {
    server.metrics.rejected(reason);
    completed(Responses.error(ctx, error, requestId, keepAlive, protocol), keepAlive);
  }

  /**
   * The current request is answered; {@code lastWrite} is the write of its last byte. Reads the
   * next request, if one is waiting, or closes the connection when it is not kept alive.
   */
  void completed(ChannelFuture lastWrite, boolean keepOpen) {
    busy = false;
    answeredNanos = System.nanoTime();
    call = null;
    head = null;
    path = null;
    refusal = null;
    releaseBody();
    server.invocationEnded();
    if (!keepOpen || server.draining()) {
      closing = true;
      lastWrite.addListener(ChannelFutureListener.CLOSE);
      releaseBacklog();
      return;
    }
    Object next;
    while (!busy && !closing && (next = backlog.poll()) != null) {
      read(next);
    }
  }

  /** The current request cannot be answered any more: drops the connection. */
  void abort() {
    if (busy) {
      busy = false;
      call = null;
      server.invocationEnded();
    }
    closing = true;
    ctx.close();
  }

  private void refuseAndClose(AwsError error, String reason) {
    server.metrics.rejected(reason);
    closing = true;
    head = null;
    releaseBody();
    if (readDeadline != null) {
      readDeadline.cancel(false);
      readDeadline = null;
    }
    Responses.error(ctx, error, requestId, false).addListener(ChannelFutureListener.CLOSE);
  }

  /** Answers 413, then drops the rest of the body as it arrives and closes at its end. */
  private void refuseAndDiscard(AwsError error, boolean bodyFollows) {
    if (!bodyFollows) {
      refuseAndClose(error, "payload_too_large");
      return;
    }
    server.metrics.rejected("payload_too_large");
    head = null;
    releaseBody();
    if (readDeadline != null) {
      readDeadline.cancel(false);
    }
    discarding = true;
    discarded = 0;
    Responses.error(ctx, error, requestId, false);
    readDeadline =
        ctx.executor()
            .schedule((Runnable) ctx::close, server.requestReadTimeoutNanos, TimeUnit.NANOSECONDS);
  }

  private void discard(Object msg) {
    if (msg instanceof HttpContent content) {
      discarded += content.content().readableBytes();
      if (content instanceof LastHttpContent || discarded > MAX_DISCARDED_BYTES) {
        ctx.close();
      }
    }
    ReferenceCountUtil.release(msg);
  }

  private void readTimedOut() {
    readDeadline = null;
    if (head != null && !busy && !closing) {
      refuseAndClose(
          AwsError.of(
              AwsErrorCode.REQUEST_TIMEOUT,
              "The request body did not arrive within "
                  + server.config.requestReadTimeout().toSeconds()
                  + " seconds."),
          "read_timeout");
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (call != null) {
      call.inboundWritable(ctx.channel().isWritable());
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent) {
      closeIfIdle();
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  /**
   * The idle timer counts from the last request read; the connection is idle only from its answer
   * on, so a connection answered since is checked again when the timeout has passed from then.
   */
  private void closeIfIdle() {
    if (busy || head != null || closing || idleCheckPending || !ctx.channel().isActive()) {
      return;
    }
    long left = server.idleTimeoutNanos - (System.nanoTime() - answeredNanos);
    if (left <= 0) {
      ctx.close();
      return;
    }
    idleCheckPending = true;
    ctx.executor()
        .schedule(
            () -> {
              idleCheckPending = false;
              closeIfIdle();
            },
            left,
            TimeUnit.NANOSECONDS);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closing = true;
    if (readDeadline != null) {
      readDeadline.cancel(false);
      readDeadline = null;
    }
    if (call != null) {
      // The client went away: the instance stops working on its request too.
      call.cancel();
      call = null;
    }
    if (busy) {
      busy = false;
      server.invocationEnded();
    }
    head = null;
    releaseBody();
    releaseBacklog();
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("client connection {} failed", ctx.channel().remoteAddress(), cause);
    ctx.close();
  }

  private ByteBuf takeBody() {
    ByteBuf taken = body == null ? Unpooled.EMPTY_BUFFER : body;
    body = null;
    parts = null;
    return taken;
  }

  private void releaseBody() {
    if (body != null) {
      body.release();
      body = null;
      parts = null;
    }
  }

  private void releaseBacklog() {
    Object msg;
    while ((msg = backlog.poll()) != null) {
      ReferenceCountUtil.release(msg);
    }
  }

  private static String reason(AwsError error) {
    return switch (error.code()) {
      case MISSING_AUTHENTICATION_TOKEN,
          UNRECOGNIZED_CLIENT,
          INVALID_SIGNATURE,
          INCOMPLETE_SIGNATURE,
          ACCESS_DENIED ->
          "auth";
      case SERVICE_UNAVAILABLE -> "no_instance";
      default ->
          error.message() != null && error.message().endsWith(" not found.")
              ? "not_found"
              : "validation";
    };
  }

  private static String pathOf(String uri) {
    int q = uri.indexOf('?');
    return q < 0 ? uri : uri.substring(0, q);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
