package dev.berth.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.berth.controlplane.TestDatabase;
import dev.berth.controlplane.persistence.DatabaseConfig;
import dev.berth.controlplane.persistence.SchemaMigrator;
import dev.berth.dataplane.testing.BrokenStreamBackend;
import dev.berth.dataplane.testing.RouteFixtures;
import dev.berth.dataplane.testing.RouteFixtures.Variant;
import dev.berth.dataplane.testing.TestBackend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelStreamErrorException;
import software.amazon.awssdk.services.sagemakerruntime.model.PayloadPart;

/**
 * The data plane over real sockets, driven by the AWS SDK's SageMaker Runtime clients, with route
 * rows written the way the reconciler writes them and stand-in instances ({@link TestBackend})
 * whose behaviour each test picks. The end-to-end test with the control plane and real runtimes is
 * {@link DataPlaneEndToEndIT}.
 */
class DataPlaneIT {
  private static final String ACCOUNT = "111122223333";
  private static final String OTHER_ACCOUNT = "444455556666";

  private static DatabaseConfig db;
  private static RouteFixtures fixtures;
  private static TestBackend blue;
  private static TestBackend green;
  private static DataPlane dataPlane;
  private static SageMakerRuntimeClient runtime;
  private static SageMakerRuntimeClient otherAccount;
  private static long endpointId;

  @BeforeAll
  static void start() throws Exception {
    db = TestDatabase.fresh("data_plane_it");
    SchemaMigrator.migrate(db);
    fixtures = new RouteFixtures(db);
    fixtures.account(ACCOUNT, "AKIDDATAPLANE", "dp-secret", null);
    fixtures.account(OTHER_ACCOUNT, "AKIDOTHER", "other-secret", null);
    blue = TestBackend.start("blue");
    green = TestBackend.start("green");
    endpointId = fixtures.endpoint(ACCOUNT, "My-Endpoint");
    fixtures.routes(
        endpointId,
        ACCOUNT,
        "My-Endpoint",
        new Variant("Blue", 1, List.of(blue.address())),
        new Variant("Green", 0, List.of(green.address())));
    dataPlane =
        DataPlane.start(
            DataPlaneConfig.builder(
                    new DataPlaneConfig.Database(db.jdbcUrl(), db.user(), db.password()))
                .port(0)
                .adminPort(0)
                .invocationTimeout(Duration.ofSeconds(2))
                .build());
    runtime = client("AKIDDATAPLANE", "dp-secret");
    otherAccount = client("AKIDOTHER", "other-secret");
  }

  @AfterAll
  static void stop() {
    if (dataPlane != null) {
      dataPlane.close();
    }
    blue.close();
    green.close();
  }

  private static URI url() {
    return URI.create("http://127.0.0.1:" + dataPlane.port());
  }

  private static SageMakerRuntimeClient client(String key, String secret) {
    return SageMakerRuntimeClient.builder()
        .endpointOverride(url())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
        .build();
  }

  private static InvokeEndpointResponse invoke(String name, String attributes, String body) {
    return runtime.invokeEndpoint(
        r ->
            r.endpointName(name)
                .contentType("application/json")
                .customAttributes(attributes)
                .body(SdkBytes.fromUtf8String(body)));
  }

  private static void onlyBlue() throws Exception {
    fixtures.routes(
        endpointId,
        ACCOUNT,
        "My-Endpoint",
        new Variant("Blue", 1, List.of(blue.address())),
        new Variant("Green", 0, List.of(green.address())));
    await().atMost(Duration.ofSeconds(2)).until(() -> invokedVariant().equals("Blue"));
  }

  private static String invokedVariant() {
    return invoke("My-Endpoint", null, "{}").invokedProductionVariant();
  }

  @Test
  void invokesAnInstanceAndReturnsItsAnswer() throws Exception {
    onlyBlue();
    InvokeEndpointResponse response = invoke("My-Endpoint", null, "{\"x\": [1, 2]}");

    assertThat(response.body().asUtf8String()).isEqualTo("{\"x\": [1, 2]}");
    assertThat(response.contentType()).isEqualTo("application/json");
    assertThat(response.invokedProductionVariant()).isEqualTo("Blue");
    assertThat(response.customAttributes()).isEqualTo("backend=blue");
    assertThat(response.responseMetadata().requestId()).isNotBlank();
  }

  @Test
  void anAnswerOfUnknownLengthIsRelayedWhole() throws Exception {
    onlyBlue();
    // The instance answers in chunks without a Content-Length; the data plane frames it likewise.
    InvokeEndpointResponse response = invoke("My-Endpoint", "stream=3", "{}");

    assertThat(response.body().asUtf8String()).isEqualTo("part-0;part-1;part-2;");
    assertThat(response.contentType()).isEqualTo("text/plain");
    assertThat(response.invokedProductionVariant()).isEqualTo("Blue");
    assertThat(response.customAttributes()).isEqualTo("backend=blue");
  }

  @Test
  void forwardsTheHeadersTheContainerContractNames() throws Exception {
    onlyBlue();
    InvokeEndpointResponse response =
        runtime.invokeEndpoint(
            r ->
                r.endpointName("My-Endpoint")
                    .contentType("text/csv")
                    .accept("application/json")
                    .customAttributes("headers")
                    .inferenceId("inf-1")
                    .body(SdkBytes.fromUtf8String("1,2")));

    assertThat(response.body().asUtf8String())
        .contains(":path=/invocations")
        .contains("accept=application/json")
        .contains("content-type=text/csv")
        .contains("x-amzn-sagemaker-inference-id=inf-1")
        .doesNotContain("authorization");
  }

  @Test
  void namesAreCaseSensitiveAndAccountsSeeOnlyTheirOwn() {
    assertThatThrownBy(() -> invoke("my-endpoint", null, "{}"))
        .isInstanceOfSatisfying(
            AwsServiceException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
              assertThat(e.awsErrorDetails().errorMessage())
                  .isEqualTo("Endpoint my-endpoint of account 111122223333 not found.");
            });
    assertThatThrownBy(
            () ->
                otherAccount.invokeEndpoint(
                    r -> r.endpointName("My-Endpoint").body(SdkBytes.fromUtf8String("{}"))))
        .isInstanceOfSatisfying(
            AwsServiceException.class,
            e ->
                assertThat(e.awsErrorDetails().errorMessage())
                    .isEqualTo("Endpoint My-Endpoint of account 444455556666 not found."));
  }

  @Test
  void aTargetVariantIsHonouredAndAnUnknownOneRefused() throws Exception {
    onlyBlue();
    InvokeEndpointResponse green =
        runtime.invokeEndpoint(
            r ->
                r.endpointName("My-Endpoint")
                    .targetVariant("Green")
                    .body(SdkBytes.fromUtf8String("{}")));

    assertThat(green.invokedProductionVariant()).isEqualTo("Green");
    assertThat(green.customAttributes()).isEqualTo("backend=green");
    assertThatThrownBy(
            () ->
                runtime.invokeEndpoint(
                    r ->
                        r.endpointName("My-Endpoint")
                            .targetVariant("Purple")
                            .body(SdkBytes.fromUtf8String("{}"))))
        .isInstanceOfSatisfying(
            AwsServiceException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError"));
  }

  @Test
  void weightsSplitTrafficAndAChangeTakesEffectWithinASecond() throws Exception {
    fixtures.routes(
        endpointId,
        ACCOUNT,
        "My-Endpoint",
        new Variant("Blue", 9, List.of(blue.address())),
        new Variant("Green", 1, List.of(green.address())));
    long changed = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(1))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () ->
                dataPlane
                        .routes()
                        .find(ACCOUNT, "us-east-1", "My-Endpoint")
                        .variants()
                        .get(1)
                        .weight()
                    > 0);
    System.out.printf(
        "[DataPlaneIT] route change visible after %d ms%n",
        (System.nanoTime() - changed) / 1_000_000);

    Map<String, Integer> counts = new java.util.concurrent.ConcurrentHashMap<>();
    ExecutorService callers = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> calls = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        calls.add(callers.submit(() -> counts.merge(invokedVariant(), 1, Integer::sum)));
      }
      for (Future<?> call : calls) {
        call.get();
      }
    } finally {
      callers.shutdownNow();
    }

    assertThat(counts.get("Blue") / 2000.0).isBetween(0.87, 0.93);
    onlyBlue();
  }

  @Test
  void aShadowVariantGetsCopiesWhoseAnswersAreDropped() throws Exception {
    fixtures.routes(
        endpointId,
        ACCOUNT,
        "My-Endpoint",
        new Variant("Blue", 1, List.of(blue.address())),
        new Variant("Shadow", 1, List.of(green.address()), true));
    await()
        .atMost(Duration.ofSeconds(2))
        .until(
            () ->
                !dataPlane.routes().find(ACCOUNT, "us-east-1", "My-Endpoint").shadows().isEmpty());
    int greenBefore = green.requests();

    for (int i = 0; i < 20; i++) {
      InvokeEndpointResponse response = invoke("My-Endpoint", null, "copy-" + i);
      assertThat(response.invokedProductionVariant()).isEqualTo("Blue");
      assertThat(response.body().asUtf8String()).isEqualTo("copy-" + i);
    }

    await().atMost(Duration.ofSeconds(2)).until(() -> green.requests() - greenBefore == 20);
    onlyBlue();
  }

  @Test
  void aContainerErrorIsAModelError() throws Exception {
    onlyBlue();
    assertThatThrownBy(() -> invoke("My-Endpoint", "fail=400", "{}"))
        .isInstanceOfSatisfying(
            ModelErrorException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(424);
              assertThat(e.originalStatusCode()).isEqualTo(400);
              assertThat(e.originalMessage()).isEqualTo("bad input");
              assertThat(e.logStreamArn())
                  .isEqualTo(
                      "arn:aws:logs:us-east-1:111122223333:log-group:/aws/sagemaker/Endpoints/My-Endpoint");
              assertThat(e.awsErrorDetails().errorMessage())
                  .startsWith(
                      "Received client error (400) from primary with message \"bad input\". See");
            });
    assertThatThrownBy(() -> invoke("My-Endpoint", "fail=503", "{}"))
        .isInstanceOfSatisfying(
            ModelErrorException.class,
            e ->
                assertThat(e.awsErrorDetails().errorMessage())
                    .startsWith("Received server error (503) from primary"));
  }

  @Test
  void aContainerThatDoesNotAnswerInTimeIsAModelErrorAfterTheTimeout() throws Exception {
    onlyBlue();
    long start = System.nanoTime();
    assertThatThrownBy(() -> invoke("My-Endpoint", "sleep=5000", "{}"))
        .isInstanceOfSatisfying(
            ModelErrorException.class,
            e -> {
              assertThat(e.originalStatusCode()).isEqualTo(0);
              assertThat(e.awsErrorDetails().errorMessage())
                  .startsWith(
                      "Received server error (0) from primary with message \"Your invocation timed"
                          + " out while waiting for a response from container primary.");
            });
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isBetween(Duration.ofMillis(1900), Duration.ofMillis(4000));
    assertThat(invoke("My-Endpoint", null, "after").body().asUtf8String()).isEqualTo("after");
  }

  @Test
  void aPayloadOverTheLimitIsRefusedWith413() {
    byte[] big = new byte[6_291_457];

    assertThatThrownBy(
            () ->
                runtime.invokeEndpoint(
                    r -> r.endpointName("My-Endpoint").body(SdkBytes.fromByteArray(big))))
        .isInstanceOfSatisfying(
            AwsServiceException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(413);
              assertThat(e.awsErrorDetails().errorMessage())
                  .isEqualTo(
                      "Request payload of 6291457 bytes exceeds the limit of 6291456 bytes.");
            });
    byte[] limit = new byte[6_291_456];
    assertThat(
            runtime
                .invokeEndpoint(
                    r -> r.endpointName("My-Endpoint").body(SdkBytes.fromByteArray(limit)))
                .body()
                .asByteArray())
        .hasSize(6_291_456);
  }

  @Test
  void aStreamArrivesPartByPartThroughTheAsyncClient() throws Exception {
    onlyBlue();
    try (SageMakerRuntimeAsyncClient async =
        SageMakerRuntimeAsyncClient.builder()
            .endpointOverride(url())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create("AKIDDATAPLANE", "dp-secret")))
            .httpClient(NettyNioAsyncHttpClient.create())
            .build()) {
      List<String> parts = new ArrayList<>();
      List<Long> arrivals = new ArrayList<>();
      CompletableFuture<String> contentType = new CompletableFuture<>();
      InvokeEndpointWithResponseStreamResponseHandler handler =
          InvokeEndpointWithResponseStreamResponseHandler.builder()
              .onResponse(r -> contentType.complete(r.contentType()))
              .subscriber(
                  InvokeEndpointWithResponseStreamResponseHandler.Visitor.builder()
                      .onPayloadPart(
                          (PayloadPart p) -> {
                            parts.add(p.bytes().asUtf8String());
                            arrivals.add(System.nanoTime());
                          })
                      .build())
              .build();

      async
          .invokeEndpointWithResponseStream(
              r ->
                  r.endpointName("My-Endpoint")
                      .customAttributes("stream=4")
                      .body(SdkBytes.fromUtf8String("{}")),
              handler)
          .get();

      assertThat(String.join("", parts)).isEqualTo("part-0;part-1;part-2;part-3;");
      assertThat(parts).hasSizeGreaterThanOrEqualTo(3);
      assertThat(contentType.get()).isEqualTo("text/plain");
      assertThat(Duration.ofNanos(arrivals.get(arrivals.size() - 1) - arrivals.get(0)))
          .as("parts arrive as they are produced, not all at the end")
          .isGreaterThan(Duration.ofMillis(40));
    }
  }

  @Test
  void aStreamThatBreaksEndsWithAModelStreamError() throws Exception {
    try (BrokenStreamBackend broken = BrokenStreamBackend.start();
        SageMakerRuntimeAsyncClient async = asyncClient()) {
      fixtures.routes(
          endpointId,
          ACCOUNT,
          "My-Endpoint",
          new Variant("Blue", 1, List.of(blue.address())),
          new Variant("Broken", 0, List.of(broken.address())));
      await()
          .atMost(Duration.ofSeconds(2))
          .until(
              () ->
                  dataPlane.routes().find(ACCOUNT, "us-east-1", "My-Endpoint").variants().stream()
                      .anyMatch(v -> v.variantName().equals("Broken")));
      List<String> parts = new ArrayList<>();
      CompletableFuture<Void> done =
          async.invokeEndpointWithResponseStream(
              r ->
                  r.endpointName("My-Endpoint")
                      .targetVariant("Broken")
                      .body(SdkBytes.fromUtf8String("{}")),
              InvokeEndpointWithResponseStreamResponseHandler.builder()
                  .subscriber(
                      InvokeEndpointWithResponseStreamResponseHandler.Visitor.builder()
                          .onPayloadPart(p -> parts.add(p.bytes().asUtf8String()))
                          .build())
                  .build());

      assertThatThrownBy(done::get)
          .hasCauseInstanceOf(ModelStreamErrorException.class)
          .satisfies(
              e ->
                  assertThat(((ModelStreamErrorException) e.getCause()).errorCode())
                      .isEqualTo("StreamBroken"));
      assertThat(String.join("", parts)).isEqualTo("part-0;part-1;");
    }
    onlyBlue();
  }

  private static SageMakerRuntimeAsyncClient asyncClient() {
    return SageMakerRuntimeAsyncClient.builder()
        .endpointOverride(url())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIDDATAPLANE", "dp-secret")))
        .httpClient(NettyNioAsyncHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
        .build();
  }

  @Test
  void aDeadInstanceLosesItsTrafficAndNoRequestHangs() throws Exception {
    String dead;
    try (TestBackend gone = TestBackend.start("gone")) {
      dead = gone.address();
    }
    fixtures.routes(
        endpointId,
        ACCOUNT,
        "My-Endpoint",
        new Variant("Blue", 1, List.of(blue.address(), dead)),
        new Variant("Green", 0, List.of(green.address())));
    await()
        .atMost(Duration.ofSeconds(2))
        .until(
            () ->
                dataPlane
                        .routes()
                        .find(ACCOUNT, "us-east-1", "My-Endpoint")
                        .variants()
                        .get(0)
                        .instances()
                        .size()
                    == 2);
    int before = blue.requests();

    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        String body = "req-" + i;
        answers.add(pool.submit(() -> invoke("My-Endpoint", null, body).body().asUtf8String()));
      }
      for (int i = 0; i < answers.size(); i++) {
        assertThat(answers.get(i).get(10, java.util.concurrent.TimeUnit.SECONDS))
            .isEqualTo("req-" + i);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(blue.requests() - before).isEqualTo(400);
    onlyBlue();
  }

  @Test
  void prometheusMetricsCarrySageMakerNamesPerVariant() throws Exception {
    onlyBlue();
    invoke("My-Endpoint", null, "{}");
    HttpResponse<String> metrics =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + dataPlane.adminPort() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    HttpResponse<String> health =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + dataPlane.adminPort() + "/health"))
                    .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));

    assertThat(metrics.body())
        .contains(
            "Invocations_total{EndpointName=\"My-Endpoint\",VariantName=\"Blue\",account=\"111122223333\"}")
        .contains("ModelLatency_seconds_bucket{EndpointName=\"My-Endpoint\",VariantName=\"Blue\"")
        .contains("OverheadLatency_seconds_count")
        .contains("InvocationsPerInstance_total")
        .contains("berth_dataplane_requests_rejected_total");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body())
        .contains("\"status\":\"ready\"")
        .contains("\"database\":\"connected\"");
  }
}
