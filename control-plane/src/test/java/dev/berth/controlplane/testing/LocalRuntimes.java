package dev.berth.controlplane.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Real model runtimes for control-plane tests: the command that starts one from the test classpath,
 * a model artifact with exactly known outputs, and a call to an instance.
 */
public final class LocalRuntimes {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private LocalRuntimes() {}

  /** {@code java … dev.berth.runtime.RuntimeMain} on the test classpath, kept small. */
  public static List<String> command() {
    return List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m",
        "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1",
        "-cp",
        System.getProperty("java.class.path"),
        "dev.berth.runtime.RuntimeMain");
  }

  /** The MLP's prediction for {@code row} from the instance at {@code host:port}. */
  public static float[] predict(String address, float[] row) throws Exception {
    StringBuilder json = new StringBuilder("{\"instances\": [[");
    for (int i = 0; i < row.length; i++) {
      json.append(i == 0 ? "" : ", ").append(row[i]);
    }
    json.append("]]}");
    HttpResponse<String> answer =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://" + address + "/invocations"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    JsonNode predictions = new ObjectMapper().readTree(answer.body()).get("predictions").get(0);
    float[] values = new float[predictions.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = predictions.get(i).floatValue();
    }
    return values;
  }

  /** The runtime processes this JVM started, directly or not. */
  public static List<ProcessHandle> running() {
    return ProcessHandle.current()
        .descendants()
        .filter(ProcessHandle::isAlive)
        .filter(LocalRuntimes::isRuntime)
        .toList();
  }

  /** By /proc: ProcessHandle.Info cuts long command lines, and ours carry the whole classpath. */
  private static boolean isRuntime(ProcessHandle p) {
    try {
      String cmdline = Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline"));
      return cmdline.contains("dev.berth.runtime.RuntimeMain");
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
