package dev.berth.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RuntimeMain} as a child process, configured by its environment alone. */
class RuntimeMainIT {
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private Process parent;
  private Process runtime;

  @TempDir Path dir;

  @AfterEach
  void stop() throws InterruptedException {
    for (Process p : new Process[] {runtime, parent}) {
      if (p != null && p.isAlive()) {
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void aRuntimeStopsItselfWhenTheProcessNamedByBerthParentPidIsGone() throws Exception {
    parent = new ProcessBuilder("sleep", "600").start();
    int port = freePort();
    Path log = dir.resolve("runtime.log");
    ProcessBuilder builder = runtime(log, port);
    // No model there: the runtime answers /ping with the failure and keeps running.
    builder.environment().put("BERTH_MODEL_DATA_URL", dir.resolve("absent.tar.gz").toUri() + "");
    builder.environment().put("BERTH_PARENT_PID", Long.toString(parent.pid()));
    runtime = builder.start();

    URI ping = URI.create("http://127.0.0.1:" + port + "/ping");
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .failFast("runtime exited: " + log, () -> !runtime.isAlive())
        .until(
            () ->
                http.send(
                        HttpRequest.newBuilder(ping).build(), HttpResponse.BodyHandlers.ofString())
                    .body()
                    .contains("ModelLoadFailed"));

    parent.destroyForcibly().waitFor();

    assertThat(runtime.waitFor(15, TimeUnit.SECONDS)).as("runtime exited").isTrue();
    assertThat(runtime.exitValue()).isZero();
    assertThat(Files.readString(log)).contains("that started this runtime is gone");
  }

  @Test
  void withBerthExitOnLoadFailureACorruptModelEndsTheRuntimeAndLeavesItsReason() throws Exception {
    Path model = Files.createDirectories(dir.resolve("model"));
    Files.writeString(model.resolve("model.onnx"), "this is not a protobuf");
    Path termination = dir.resolve("termination-log");
    Path log = dir.resolve("runtime.log");
    ProcessBuilder builder = runtime(log, freePort());
    builder.environment().put("BERTH_MODEL_DATA_URL", model.toUri().toString());
    builder.environment().put("BERTH_MODEL_COMPRESSION", "None");
    builder.environment().put("BERTH_EXIT_ON_LOAD_FAILURE", "true");
    builder.environment().put("BERTH_TERMINATION_LOG", termination.toString());
    runtime = builder.start();

    assertThat(runtime.waitFor(60, TimeUnit.SECONDS)).as("runtime exited, see " + log).isTrue();
    assertThat(runtime.exitValue()).isEqualTo(1);
    assertThat(Files.readString(termination))
        .startsWith("Model failed to load: OnnxRuntime cannot load model.onnx on cpu(): ")
        .contains("Protobuf parsing failed");
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** A runtime child process on {@code port} of loopback, its output in {@code log}. */
  private ProcessBuilder runtime(Path log, int port) {
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                RuntimeMain.class.getName())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("SAGEMAKER_BIND_TO_PORT", Integer.toString(port));
    builder.environment().put("BERTH_BIND_HOST", "127.0.0.1");
    builder.environment().put("BERTH_RUNTIME_CACHE", dir.resolve("cache").toString());
    builder.environment().remove("BERTH_EXIT_ON_LOAD_FAILURE");
    return builder;
  }
}
