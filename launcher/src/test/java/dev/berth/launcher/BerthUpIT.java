package dev.berth.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.ContainerDefinition;

/** {@code berth up} as a user runs it: the built jar in its own process. */
class BerthUpIT {
  private static final Path JAR = Path.of("target", "berth.jar");
  private final List<Process> processes = new ArrayList<>();

  @TempDir Path dataDir;

  @AfterEach
  void stopAll() throws InterruptedException {
    for (Process p : processes) {
      p.destroy();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  @Test
  void upServesTheApiKeepsDataAcrossRestartsAndAdministersKeysAndQuotas() throws Exception {
    int port = freePort();
    Process first = up(port);
    SageMakerClient sm = client(port, "test", "test");
    sm.createModel(
        r ->
            r.modelName("kept")
                .primaryContainer(ContainerDefinition.builder().image("berth/runtime").build()));

    String key = run("keys", "create", "--account", "222233334444", "--server", url(port));
    assertThat(key).contains("\"Account\" : \"222233334444\"").contains("AccessKeyId");
    String set =
        run(
            "quotas",
            "set",
            "--account",
            "222233334444",
            "--region",
            "us-east-1",
            "models=0",
            "--server",
            url(port));
    assertThat(set).contains("Number of models = 0 Models (account 222233334444, us-east-1)");

    // Ctrl-C (SIGTERM) stops Berth cleanly ...
    first.destroy();
    assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(first.exitValue()).isIn(0, 143);

    // ... and the next start finds everything again.
    up(port);
    assertThat(client(port, "test", "test").describeModel(r -> r.modelName("kept")).modelName())
        .isEqualTo("kept");
  }

  @Test
  void aKilledBerthStartsAgainOnTheSameDataDirectory() throws Exception {
    int port = freePort();
    Process killed = up(port);
    killed.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    // Its PostgreSQL is still running on the data directory; the next start must take over.
    up(port);
    assertThat(client(port, "test", "test").listModels().models()).isEmpty();
  }

  @Test
  void helpDescribesEveryCommand() throws Exception {
    String help = run("--help");
    assertThat(help).contains("up").contains("control-plane").contains("keys").contains("quotas");
    assertThat(run("up", "--help")).contains("--data-dir").contains("--db-url").contains("--port");
  }

  private Process up(int port) throws Exception {
    Path log = Files.createTempFile(dataDir, "berth-up", ".log");
    Process p =
        new ProcessBuilder(
                java(),
                "-jar",
                JAR.toString(),
                "up",
                "--port",
                Integer.toString(port),
                "--data-dir",
                dataDir.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    processes.add(p);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .failFast("berth up exited: " + log, () -> !p.isAlive())
        .until(
            () ->
                http.send(
                            HttpRequest.newBuilder(URI.create(url(port) + "/health")).build(),
                            HttpResponse.BodyHandlers.ofString())
                        .statusCode()
                    == 200);
    assertThat(Files.readString(log))
        .contains("Berth is up at " + url(port))
        .contains("access key 'test'");
    return p;
  }

  private static String run(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(java(), "-jar", JAR.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static String url(int port) {
    return "http://127.0.0.1:" + port;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static SageMakerClient client(int port, String key, String secret) {
    return SageMakerClient.builder()
        .endpointOverride(URI.create(url(port)))
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }
}
