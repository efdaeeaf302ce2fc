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
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path log = dir.resolve("runtime.log");
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
    // No model there: the runtime answers /ping with the failure and keeps running.
    builder.environment().put("BERTH_MODEL_DATA_URL", dir.resolve("absent.tar.gz").toUri() + "");
    builder.environment().put("BERTH_RUNTIME_CACHE", dir.resolve("cache").toString());
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
}
