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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * Runs the built {@code berth.jar} as a user does, each command in its own process, and stops
 * whatever it started.
 */
final class BerthProcesses implements AutoCloseable {
  static final Path JAR = Path.of("target", "berth.jar");
  private final List<Process> processes = new ArrayList<>();
  private Path lastLog;
  private final Path dataDir;

  BerthProcesses(Path dataDir) {
    this.dataDir = dataDir;
  }

  /** The process the last {@link #up} started. */
  Process last() {
    return processes.get(processes.size() - 1);
  }

  @Override
  public void close() throws InterruptedException {
    for (Process p : processes) {
      p.destroy();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  /** What the process the last {@link #up} started has printed so far. */
  String lastLog() throws IOException {
    return Files.readString(lastLog);
  }

  /**
   * {@code berth up} on {@code port} over the data directory, its admin port on any free port;
   * returns once /health answers.
   */
  Process up(int port) throws Exception {
    Path log = Files.createTempFile(dataDir, "berth-up", ".log");
    lastLog = log;
    Process p =
        new ProcessBuilder(
                java(),
                "-jar",
                JAR.toString(),
                "up",
                "--port",
                Integer.toString(port),
                // port + 1, the default, may be taken: freePort() knows of one port only.
                "--admin-port",
                "0",
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

  static String run(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(java(), "-jar", JAR.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  /** {@code berth <args>} with extra environment variables; fails unless it exits 0 in time. */
  static String run(Duration timeout, Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(java(), "-jar", JAR.toString()));
    command.addAll(List.of(args));
    return runCommand(command, timeout, env);
  }

  /** Any command, its output in a file so that a hung one still fails with what it printed. */
  static String runCommand(List<String> command, Duration timeout, Map<String, String> env)
      throws Exception {
    return runCommand(command, Path.of("."), timeout, env);
  }

  /** {@link #runCommand(List, Duration, Map)} in the directory {@code dir}. */
  static String runCommand(
      List<String> command, Path dir, Duration timeout, Map<String, String> env) throws Exception {
    Path out = Files.createTempFile("berth-it-command", ".log");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(out.toFile());
      builder.environment().putAll(env);
      Process p = builder.start();
      boolean exited = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!exited) {
        p.destroy();
        p.waitFor(30, TimeUnit.SECONDS);
      }
      String printed = Files.readString(out);
      assertThat(exited).as("%s did not end within %s:%n%s", command, timeout, printed).isTrue();
      assertThat(p.exitValue()).as("%s:%n%s", command, printed).isZero();
      return printed;
    } finally {
      Files.deleteIfExists(out);
    }
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static String url(int port) {
    return "http://127.0.0.1:" + port;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static SageMakerClient client(int port, String key, String secret) {
    return SageMakerClient.builder()
        .endpointOverride(URI.create(url(port)))
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  /** The SageMaker Runtime client on the same URL as {@link #client}. */
  static SageMakerRuntimeClient runtimeClient(int port, String key, String secret) {
    return SageMakerRuntimeClient.builder()
        .endpointOverride(URI.create(url(port)))
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }
}
