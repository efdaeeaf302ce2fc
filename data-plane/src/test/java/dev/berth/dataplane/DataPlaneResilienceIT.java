package dev.berth.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.berth.awswire.sigv4.SigV4Signer;
import dev.berth.controlplane.persistence.DatabaseConfig;
import dev.berth.controlplane.persistence.EmbeddedDatabase;
import dev.berth.controlplane.persistence.SchemaMigrator;
import dev.berth.dataplane.routes.Instance;
import dev.berth.dataplane.testing.RouteFixtures;
import dev.berth.dataplane.testing.RouteFixtures.Variant;
import dev.berth.dataplane.testing.TestBackend;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/** The data plane when things around it fail: PostgreSQL goes away, a client hangs up. */
class DataPlaneResilienceIT {
  private static final String ACCOUNT = "111122223333";

  @TempDir Path dir;

  @Test
  void trafficContinuesWhilePostgresIsDownAndRoutesCatchUpWhenItReturns() throws Exception {
    EmbeddedDatabase postgres = EmbeddedDatabase.start(dir.resolve("pg"), 0);
    int port = postgres.port();
    DatabaseConfig db = postgres.config();
    SchemaMigrator.migrate(db);
    RouteFixtures fixtures = new RouteFixtures(db);
    fixtures.account(ACCOUNT, "AKIDRESILIENT", "secret", null);
    long id = fixtures.endpoint(ACCOUNT, "Steady");
    try (TestBackend blue = TestBackend.start("blue");
        TestBackend green = TestBackend.start("green");
        DataPlane dataPlane = start(db)) {
      fixtures.routes(id, ACCOUNT, "Steady", new Variant("A", 1, List.of(blue.address())));
      SageMakerRuntimeClient runtime = client(dataPlane);
      await().atMost(Duration.ofSeconds(2)).until(() -> backendOf(runtime).equals("backend=blue"));

      postgres.close();
      await().atMost(Duration.ofSeconds(5)).until(() -> health(dataPlane).contains("unreachable"));
      for (int i = 0; i < 50; i++) {
        assertThat(backendOf(runtime)).isEqualTo("backend=blue");
      }
      assertThat(health(dataPlane)).contains("\"status\":\"ready\"");

      postgres = EmbeddedDatabase.start(dir.resolve("pg"), port);
      fixtures.routes(id, ACCOUNT, "Steady", new Variant("A", 1, List.of(green.address())));
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> backendOf(runtime).equals("backend=green"));
      assertThat(health(dataPlane)).contains("\"database\":\"connected\"");
    } finally {
      postgres.close();
    }
  }

  @Test
  void aClientThatHangsUpCancelsItsRequest() throws Exception {
    try (EmbeddedDatabase postgres = EmbeddedDatabase.start(dir.resolve("pg2"), 0);
        TestBackend slow = TestBackend.start("slow")) {
      DatabaseConfig db = postgres.config();
      SchemaMigrator.migrate(db);
      RouteFixtures fixtures = new RouteFixtures(db);
      fixtures.account(ACCOUNT, "AKIDHANGUP", "secret", null);
      long id = fixtures.endpoint(ACCOUNT, "Slow");
      fixtures.routes(id, ACCOUNT, "Slow", new Variant("A", 1, List.of(slow.address())));
      try (DataPlane dataPlane = start(db)) {
        await()
            .atMost(Duration.ofSeconds(2))
            .until(() -> dataPlane.routes().find(ACCOUNT, "us-east-1", "Slow") != null);
        Instance instance =
            dataPlane
                .routes()
                .find(ACCOUNT, "us-east-1", "Slow")
                .variants()
                .get(0)
                .instances()
                .get(0);

        try (Socket socket = new Socket("127.0.0.1", dataPlane.port())) {
          OutputStream out = socket.getOutputStream();
          out.write(
              signedRequest(
                  dataPlane.port(), "AKIDHANGUP", "secret", "/endpoints/Slow/invocations"));
          out.flush();
          await().atMost(Duration.ofSeconds(2)).until(() -> instance.outstanding() == 1);
        }

        await().atMost(Duration.ofSeconds(1)).until(() -> instance.outstanding() == 0);
        assertThat(dataPlane.metrics().scrape()).contains("berth_dataplane_requests_inflight 0.0");
      }
    }
  }

  private static byte[] signedRequest(int port, String key, String secret, String path) {
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Host", "127.0.0.1:" + port);
    headers.put("Content-Type", "application/json");
    headers.put("X-Amzn-SageMaker-Custom-Attributes", "sleep=5000");
    headers.putAll(
        new SigV4Signer("sagemaker", "us-east-1", key, secret)
            .sign("POST", path, null, headers, body, Instant.now()));
    StringBuilder request = new StringBuilder("POST " + path + " HTTP/1.1\r\n");
    headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
    request.append("Content-Length: 2\r\n\r\n{}");
    return request.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static DataPlane start(DatabaseConfig db) throws InterruptedException {
    return DataPlane.start(
        DataPlaneConfig.builder(
                new DataPlaneConfig.Database(db.jdbcUrl(), db.user(), db.password()))
            .port(0)
            .adminPort(0)
            .resyncInterval(Duration.ofSeconds(2))
            .build());
  }

  private static SageMakerRuntimeClient client(DataPlane dataPlane) {
    return SageMakerRuntimeClient.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + dataPlane.port()))
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDRESILIENT", "secret")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  private static String backendOf(SageMakerRuntimeClient runtime) {
    return runtime
        .invokeEndpoint(r -> r.endpointName("Steady").body(SdkBytes.fromUtf8String("{}")))
        .customAttributes();
  }

  private static String health(DataPlane dataPlane) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + dataPlane.adminPort() + "/health"))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
