package dev.berth.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.runtime.engine.OnnxModels;
import java.io.OutputStream;
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
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code berth runtime} as an orchestrator starts it: the built jar, a model.tar.gz by URL. */
class BerthRuntimeIT {
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private Process runtime;

  @TempDir Path dir;

  @AfterEach
  void stop() throws InterruptedException {
    if (runtime != null && runtime.isAlive()) {
      runtime.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aBadVariableIsOneLineAndExitStatusTwoBeforeAnythingStarts() throws Exception {
    ProcessBuilder builder = berthRuntime("--model-dir", dir.toString());
    builder.environment().put("BERTH_ALLOW_SPINNING", "yes");
    Process bad = builder.start();
    String printed = new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(bad.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(bad.exitValue()).as(printed).isEqualTo(2);
    assertThat(printed.strip())
        .isEqualTo("berth runtime: BERTH_ALLOW_SPINNING must be true, false or auto, not 'yes'.");
  }

  @Test
  void servesAModelTarballFromAUrlAndStopsCleanlyOnSigterm() throws Exception {
    Path model = Files.createDirectories(dir.resolve("model"));
    OnnxModels.writeMlp(model);
    Path tarball = dir.resolve("model.tar.gz");
    try (OutputStream file = Files.newOutputStream(tarball);
        TarArchiveOutputStream tar =
            new TarArchiveOutputStream(new GzipCompressorOutputStream(file))) {
      TarArchiveEntry entry =
          new TarArchiveEntry(model.resolve("model.onnx").toFile(), "model.onnx");
      tar.putArchiveEntry(entry);
      Files.copy(model.resolve("model.onnx"), tar);
      tar.closeArchiveEntry();
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ProcessBuilder builder =
        berthRuntime("--model-data-url", tarball.toUri().toString())
            .redirectOutput(dir.resolve("runtime.log").toFile());
    builder.environment().put("SAGEMAKER_BIND_TO_PORT", Integer.toString(port));
    builder.environment().put("BERTH_RUNTIME_CACHE", dir.resolve("cache").toString());
    runtime = builder.start();

    URI ping = URI.create("http://127.0.0.1:" + port + "/ping");
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .failFast("runtime exited: " + dir.resolve("runtime.log"), () -> !runtime.isAlive())
        .until(
            () ->
                http.send(
                            HttpRequest.newBuilder(ping).build(),
                            HttpResponse.BodyHandlers.ofString())
                        .statusCode()
                    == 200);

    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/invocations"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"instances\": [[1, 2, 3, 4]]}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(200);
    JsonNode row = new ObjectMapper().readTree(answer.body()).get("predictions").get(0);
    float[] expected = OnnxModels.mlp(new float[] {1, 2, 3, 4});
    for (int i = 0; i < expected.length; i++) {
      assertThat(row.get(i).floatValue()).isCloseTo(expected[i], within(1e-5f));
    }
    // The artifact landed in the content-addressed cache.
    try (var entries = Files.list(dir.resolve("cache"))) {
      assertThat(entries.map(p -> p.getFileName().toString()).toList())
          .anyMatch(name -> name.startsWith("sha256-"));
    }

    runtime.destroy();
    assertThat(runtime.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(runtime.exitValue()).isIn(0, 143);
    assertThat(Files.readString(dir.resolve("runtime.log"))).contains("Berth runtime listening");
  }

  /** {@code berth runtime} with {@code args}, from the jar this module builds, output merged. */
  private static ProcessBuilder berthRuntime(String... args) {
    List<String> command = new ArrayList<>();
    command.add(BerthProcesses.java());
    command.add("-jar");
    command.add(BerthProcesses.JAR.toString());
    command.add("runtime");
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true);
  }
}
