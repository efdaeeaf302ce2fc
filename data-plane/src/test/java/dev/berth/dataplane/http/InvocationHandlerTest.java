package dev.berth.dataplane.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.awswire.sigv4.SigV4Signer;
import dev.berth.dataplane.DataPlaneConfig;
import dev.berth.dataplane.NettyLeaks;
import dev.berth.dataplane.auth.AccessKey;
import dev.berth.dataplane.auth.KeyDirectory;
import dev.berth.dataplane.metrics.DataPlaneMetrics;
import dev.berth.dataplane.routes.RouteRow;
import dev.berth.dataplane.routes.RouteTable;
import dev.berth.dataplane.routes.RoutingStrategy;
import dev.berth.dataplane.upstream.UpstreamPools;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client side of the data plane, in an {@link EmbeddedChannel}: everything before a proxy. */
class InvocationHandlerTest {
  private static final String ACCOUNT = "111122223333";
  private static final AccessKey KEY = new AccessKey("AKIDGOOD", "secret", ACCOUNT, Set.of());
  private static final AccessKey DESCRIBE_ONLY =
      new AccessKey("AKIDDESCRIBE", "secret2", ACCOUNT, Set.of("sagemaker:DescribeEndpoint"));
  private static final AccessKey LATE = new AccessKey("AKIDLATE", "secret3", ACCOUNT, Set.of());

  private final CompletableFuture<Optional<AccessKey>> lateLookup = new CompletableFuture<>();
  private final DataPlaneMetrics metrics = new DataPlaneMetrics();
  private EmbeddedChannel channel;

  @BeforeAll
  static void leaks() {
    NettyLeaks.install();
  }

  @AfterEach
  void noLeaks() throws InterruptedException {
    if (channel != null) {
      channel.finishAndReleaseAll();
    }
    NettyLeaks.assertNone();
  }

  private EmbeddedChannel channel() {
    return channel(Duration.ofSeconds(60));
  }

  private EmbeddedChannel channel(Duration idleTimeout) {
    DataPlaneConfig config =
        DataPlaneConfig.builder(new DataPlaneConfig.Database("jdbc:postgresql://unused/x", "", ""))
            .maxHeaderBytes(2048)
            .requestReadTimeout(Duration.ofSeconds(30))
            .idleTimeout(idleTimeout)
            .build();
    KeyDirectory keys =
        new KeyDirectory() {
          @Override
          public AccessKey cached(String id) {
            return Map.of(KEY.accessKeyId(), KEY, DESCRIBE_ONLY.accessKeyId(), DESCRIBE_ONLY)
                .get(id);
          }

          @Override
          public CompletableFuture<Optional<AccessKey>> lookup(String id) {
            return id.equals(LATE.accessKeyId())
                ? lateLookup
                : CompletableFuture.completedFuture(Optional.empty());
          }
        };
    RouteTable table =
        RouteTable.EMPTY.rebuiltFrom(
            List.of(
                new RouteRow(
                    1,
                    10,
                    "AllTraffic",
                    ACCOUNT,
                    "us-east-1",
                    "Empty",
                    1,
                    1,
                    RoutingStrategy.LEAST_OUTSTANDING_REQUESTS,
                    false,
                    false,
                    List.of())));
    ServerContext server =
        new ServerContext(
            config,
            keys,
            () -> table,
            new UpstreamPools(NioSocketChannel.class, 1000, metrics),
            metrics);
    channel = new EmbeddedChannel(new InvocationServerInitializer(server));
    return channel;
  }

  private static String signed(AccessKey key, String secret, String path, String body) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Host", "localhost:8081");
    headers.put("Content-Type", "application/json");
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    Map<String, String> auth =
        new SigV4Signer("sagemaker", "us-east-1", key.accessKeyId(), secret)
            .sign("POST", path, null, headers, bytes, Instant.now());
    headers.putAll(auth);
    StringBuilder request = new StringBuilder("POST " + path + " HTTP/1.1\r\n");
    headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
    request.append("Content-Length: ").append(bytes.length).append("\r\n\r\n").append(body);
    return request.toString();
  }

  private String send(String request) {
    channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.UTF_8));
    channel.runPendingTasks();
    return output();
  }

  private String output() {
    StringBuilder out = new StringBuilder();
    ByteBuf chunk;
    while ((chunk = channel.readOutbound()) != null) {
      out.append(chunk.toString(StandardCharsets.UTF_8));
      chunk.release();
    }
    return out.toString();
  }

  @Test
  void anUnsignedInvocationIsRefusedWith403() {
    channel();
    String response =
        send("POST /endpoints/ep/invocations HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}");

    assertThat(response)
        .startsWith("HTTP/1.1 403 Forbidden")
        .contains("x-amzn-ErrorType: MissingAuthenticationTokenException")
        .contains("x-amzn-RequestId: ")
        .endsWith("{\"message\":\"Missing Authentication Token\"}");
    assertThat(channel.isOpen()).isTrue();
  }

  @Test
  void anUnknownOperationIsAnsweredAndTheConnectionServesTheNextRequest() {
    channel();
    String first = send("GET /models HTTP/1.1\r\nHost: x\r\n\r\n");
    String second = send(signed(KEY, "secret", "/endpoints/Missing/invocations", "{}"));

    assertThat(first)
        .startsWith("HTTP/1.1 400 Bad Request")
        .contains("x-amzn-ErrorType: UnknownOperationException")
        .contains("No SageMaker Runtime operation is GET /models");
    assertThat(second)
        .startsWith("HTTP/1.1 400 Bad Request")
        .contains("x-amzn-ErrorType: ValidationError")
        .endsWith("{\"message\":\"Endpoint Missing of account 111122223333 not found.\"}");
  }

  @Test
  void aSageMakerApiCallIsRefusedInItsOwnProtocol() {
    channel();
    String response =
        send(
            "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: SageMaker.ListEndpoints\r\n"
                + "Content-Length: 2\r\n\r\n{}");

    assertThat(response)
        .startsWith("HTTP/1.1 400 Bad Request")
        .contains("Content-Type: application/x-amz-json-1.1")
        .contains("\"__type\":\"UnknownOperationException\"")
        .contains("go to the control plane");
  }

  @Test
  void aBodyOverTheLimitIsRefusedFromItsHeadAndDroppedAsItArrives() {
    channel();
    String response =
        send(
            "POST /endpoints/ep/invocations HTTP/1.1\r\nHost: x\r\nContent-Length: 7000000\r\n\r\n"
                + "only the start of it");

    assertThat(response)
        .startsWith("HTTP/1.1 413 Request Entity Too Large")
        .contains("x-amzn-ErrorType: ValidationError")
        .contains("connection: close")
        .endsWith(
            "{\"message\":\"Request payload of 7000000 bytes exceeds the limit of 6291456"
                + " bytes.\"}");
    // The client is still sending: it may finish (and read the answer) until the read timeout.
    assertThat(channel.isOpen()).isTrue();
    channel.writeInbound(Unpooled.wrappedBuffer(new byte[1 << 20]));
    assertThat(output()).isEmpty();
    channel.advanceTimeBy(31, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void aChunkedBodyIsCutOffAtTheLimit() {
    channel();
    channel.writeInbound(
        Unpooled.copiedBuffer(
            "POST /endpoints/ep/invocations HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n",
            StandardCharsets.UTF_8));
    String chunk = "100000\r\n" + "a".repeat(0x100000) + "\r\n";
    for (int i = 0; i < 7 && channel.isOpen(); i++) {
      channel.writeInbound(Unpooled.copiedBuffer(chunk, StandardCharsets.US_ASCII));
    }

    assertThat(output())
        .startsWith("HTTP/1.1 413 Request Entity Too Large")
        // Counted as the pieces arrive: the first piece past the limit is where it stops.
        .containsPattern("Request payload of 63\\d{5} bytes exceeds the limit of 6291456 bytes\\.");
    assertThat(channel.isOpen()).isTrue();
    channel.writeInbound(Unpooled.copiedBuffer(chunk + "0\r\n\r\n", StandardCharsets.US_ASCII));
    assertThat(channel.isOpen()).as("closed once the body has ended").isFalse();
  }

  @Test
  void signaturesKeysAndAllowListsAreChecked() {
    channel();
    String unknown =
        send(
            signed(
                new AccessKey("AKIDNOPE", "x", ACCOUNT, Set.of()),
                "x",
                "/endpoints/ep/invocations",
                "{}"));
    String wrongSecret = send(signed(KEY, "not-the-secret", "/endpoints/ep/invocations", "{}"));
    String denied = send(signed(DESCRIBE_ONLY, "secret2", "/endpoints/My-Ep/invocations", "{}"));

    assertThat(unknown)
        .startsWith("HTTP/1.1 403")
        .contains("x-amzn-ErrorType: UnrecognizedClientException");
    assertThat(wrongSecret)
        .startsWith("HTTP/1.1 403")
        .contains("x-amzn-ErrorType: InvalidSignatureException")
        .contains("The request signature we calculated does not match");
    assertThat(denied)
        .startsWith("HTTP/1.1 403")
        .contains("x-amzn-ErrorType: AccessDeniedException")
        .contains(
            "User: arn:aws:iam::111122223333:user/AKIDDESCRIBE is not authorized to perform:"
                + " sagemaker:InvokeEndpoint on resource:"
                + " arn:aws:sagemaker:us-east-1:111122223333:endpoint/my-ep because no"
                + " identity-based policy allows the sagemaker:InvokeEndpoint action");
  }

  @Test
  void aKeyNotYetHeldIsLookedUpWithoutBlockingTheConnection() {
    channel();
    String before = send(signed(LATE, "secret3", "/endpoints/Empty/invocations", "{}"));
    lateLookup.complete(Optional.of(LATE));
    channel.runPendingTasks();

    assertThat(before).isEmpty();
    assertThat(output())
        .startsWith("HTTP/1.1 503 Service Unavailable")
        .contains("x-amzn-ErrorType: ServiceUnavailable")
        .contains("No instance of production variant AllTraffic of endpoint Empty");
  }

  @Test
  void aHeadRequestIsAnsweredWithoutABodyAndTheConnectionServesTheNextRequest() {
    channel();
    String first = send("HEAD /endpoints/ep/invocations HTTP/1.1\r\nHost: x\r\n\r\n");
    String second = send("GET /models HTTP/1.1\r\nHost: x\r\n\r\n");

    assertThat(first)
        .startsWith("HTTP/1.1 400 Bad Request")
        .contains("x-amzn-ErrorType: UnknownOperationException")
        .containsPattern("content-length: [1-9]")
        .endsWith("\r\n\r\n");
    assertThat(second)
        .startsWith("HTTP/1.1 400 Bad Request")
        .contains("No SageMaker Runtime operation is GET /models;")
        .endsWith("go to the control plane.\"}");
  }

  @Test
  void aConnectionIsIdleFromItsLastAnswerNotFromItsLastRequest() throws InterruptedException {
    channel(Duration.ofSeconds(1));
    send(signed(LATE, "secret3", "/endpoints/Empty/invocations", "{}"));
    Thread.sleep(1100);
    channel.runScheduledPendingTasks(); // idle timer: the request is still being answered
    assertThat(channel.isOpen()).isTrue();

    Thread.sleep(800);
    lateLookup.complete(Optional.of(LATE));
    channel.runPendingTasks(); // answered now, nearly two seconds after the request was read
    assertThat(output()).startsWith("HTTP/1.1 503");
    Thread.sleep(300);
    channel.runScheduledPendingTasks(); // a second since the request, not since the answer
    assertThat(channel.isOpen()).isTrue();

    Thread.sleep(800);
    channel.runScheduledPendingTasks();
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void headersOverTheLimitAreRefusedWith431() {
    channel();
    String response =
        send(
            "POST /endpoints/ep/invocations HTTP/1.1\r\nHost: x\r\nX-Big: "
                + "b".repeat(4096)
                + "\r\nContent-Length: 0\r\n\r\n");

    assertThat(response)
        .startsWith("HTTP/1.1 431 Request Header Fields Too Large")
        .contains("The request line or headers exceed 2048 bytes.");
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void aBodyThatDoesNotArriveInTimeIsRefusedWith408() {
    channel();
    send("POST /endpoints/ep/invocations HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");

    channel.advanceTimeBy(31, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();

    assertThat(output())
        .startsWith("HTTP/1.1 408 Request Timeout")
        .contains("The request body did not arrive within 30 seconds.");
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() {
    channel();
    String both =
        send(
            "GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
                + "POST /endpoints/ep/invocations HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");

    assertThat(both)
        .containsSubsequence("UnknownOperationException", "Missing Authentication Token");
  }
}
