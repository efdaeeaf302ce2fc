package dev.berth.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * {@code berth bench self-test}: what the generator can do when the server costs nothing. It starts
 * {@link EchoBackend} (one Netty event loop) in this process and drives it with the same requests
 * {@code berth bench invoke} sends: signed InvokeEndpoint requests with a 241-byte JSON body, in a
 * closed loop. The rate it reaches is a ceiling for the generator on this machine, and its event
 * loop's CPU per request is what it costs per request anywhere; both are in the result.
 *
 * <p>Usage: {@code GeneratorSelfTest.run(64, warmup, duration, System.err::println)}
 */
public final class GeneratorSelfTest {
  private GeneratorSelfTest() {}

  /**
   * Runs the closed loop with {@code concurrency} requests in flight.
   *
   * @param connections the generator's connections
   * @param pipelined requests in flight on each connection (HTTP/1.1 pipelining above 1); requests
   *     beyond {@code connections × pipelined} wait for a connection
   */
  public static BenchResult run(
      int concurrency,
      int connections,
      int pipelined,
      Duration warmup,
      Duration duration,
      Consumer<String> progress) {
    Path body;
    try {
      body = Files.createTempFile("berth-bench-self-test", ".json");
      Files.writeString(
          body,
          "{\"instances\":[" + "[0.5,0.25,0.125,0.0625],".repeat(9) + "[1,2,3,4]]}",
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    AwsCredentials credentials = AwsBasicCredentials.create("AKIDSELFTEST", "self-test-secret");
    try (EchoBackend echo = EchoBackend.start("127.0.0.1", 0, 1)) {
      InvokeSettings settings =
          new InvokeSettings(
              URI.create("http://127.0.0.1:" + echo.port()),
              "self-test",
              List.of(body.toString()),
              "application/json",
              null,
              null,
              "us-east-1",
              connections);
      try (InvokeBench bench =
          InvokeBench.open(settings, "/invocations", pipelined, () -> credentials)) {
        InvokeRun run = bench.closedLoop("self-test", concurrency, warmup, duration, progress);
        return bench.single("self-test", run);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the echo server", e);
    } finally {
      try {
        Files.deleteIfExists(body);
      } catch (IOException e) {
        // A temporary file left behind is harmless.
      }
    }
  }
}
