package dev.berth.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.launcher.BerthCommand;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.net.InetAddress;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One container of a rendered Deployment run as a local process of the real {@code berth} jar, as
 * the kubelet would run it: the same arguments and environment, Secrets and ConfigMaps resolved
 * from the manifests or from the Secrets the operator creates (deploy/README.md). Only what a
 * machine cannot share with a cluster is changed, and said so: ConfigMap volumes become files under
 * a work directory (their paths in the arguments follow), and the listening address and ports
 * become loopback and free ports through {@code BERTH_BIND}, {@code BERTH_PORT} and {@code
 * BERTH_ADMIN_PORT}, which win over the flags as in any Berth process.
 *
 * <p>Usage: {@code RenderedProcess.start(manifests, deployment, secrets, jvmProperties, workDir)},
 * then {@link #awaitProbe}, then {@link #close}.
 */
final class RenderedProcess implements AutoCloseable {
  private static final Duration PROBE_TIMEOUT = Duration.ofMinutes(3);

  private final String name;
  private final Process process;
  private final Path log;
  private final Map<Integer, Integer> ports;

  private RenderedProcess(String name, Process process, Path log, Map<Integer, Integer> ports) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.ports = Map.copyOf(ports);
  }

  /**
   * Starts the Deployment's container.
   *
   * @param deployment a Deployment of {@code manifests}
   * @param secrets the content of each Secret the cluster would have, by name
   * @param jvmProperties system properties for the JVM (the pod's cluster connection)
   */
  static RenderedProcess start(
      Manifests manifests,
      Deployment deployment,
      Map<String, Map<String, String>> secrets,
      Map<String, String> jvmProperties,
      Path work)
      throws IOException {
    String name = deployment.getMetadata().getName();
    Container container = Manifests.container(deployment);
    Path root = Files.createDirectories(work.resolve(name));

    Map<String, String> files = manifests.configMapFiles(deployment);
    List<String> args = new ArrayList<>();
    for (String arg : container.getArgs()) {
      String local = arg;
      for (String path : files.keySet()) {
        local = local.replace("=" + path, "=" + root.resolve(path.substring(1)));
      }
      args.add(local);
    }
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path local = root.resolve(file.getKey().substring(1));
      Files.createDirectories(local.getParent());
      Files.writeString(local, file.getValue());
    }

    LauncherArgs parsed = LauncherArgs.parse(container.getArgs());
    Map<Integer, Integer> ports = new HashMap<>();
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar var : container.getEnv()) {
      env.put(var.getName(), value(var, secrets, name));
    }
    env.put("BERTH_BIND", "127.0.0.1");
    for (String option : List.of("--port", "--admin-port")) {
      Integer port = parsed.option(option);
      if (port != null) {
        int free = freePort();
        ports.put(port, free);
        env.put(
            "BERTH_" + option.substring(2).toUpperCase().replace('-', '_'), Integer.toString(free));
      }
    }

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // The pod's BERTH_JAVA_OPTS is for the image's script; on a shared test machine the JVM stays
    // small and starts fast.
    command.addAll(List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    jvmProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.addAll(launcher());
    command.addAll(args);

    Path log = work.resolve(name + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    // Nothing of the test machine's own Berth or Kubernetes settings leaks in.
    builder
        .environment()
        .keySet()
        .removeIf(
            k ->
                k.startsWith("BERTH_")
                    || k.startsWith("SAGEMAKER_")
                    || k.startsWith("KUBERNETES_")
                    || k.equals("KUBECONFIG"));
    builder.environment().putAll(env);
    return new RenderedProcess(name, builder.start(), log, ports);
  }

  /** The port this process listens on for the manifest's {@code port}. */
  int localPort(int port) {
    Integer local = ports.get(port);
    assertThat(local).as("%s has no port %s", name, port).isNotNull();
    return local;
  }

  /** The URL of this process for the manifest's {@code port}. */
  URI url(int port) {
    return URI.create("http://127.0.0.1:" + localPort(port));
  }

  /**
   * Asks the probe's HTTP GET, as the kubelet would, until it answers 200; fails if the process
   * exits or it does not answer in time.
   */
  void awaitProbe(Probe probe) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest request =
        HttpRequest.newBuilder(
                url(probe.getHttpGet().getPort().getIntVal()).resolve(probe.getHttpGet().getPath()))
            .timeout(Duration.ofSeconds(5))
            .GET()
            .build();
    long deadline = System.nanoTime() + PROBE_TIMEOUT.toNanos();
    int last = -1;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + tail());
      }
      try {
        last = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (last == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Starting.
      }
      Thread.sleep(250); // polling a child process, not waiting for a condition of this JVM
    }
    throw new AssertionError(
        name + " did not answer " + request.uri() + " with 200 (last " + last + "):\n" + tail());
  }

  /** The last lines of the process's output. */
  String tail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** SIGTERM, as Kubernetes stops a pod, then waits. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static String value(EnvVar var, Map<String, Map<String, String>> secrets, String name) {
    if (var.getValueFrom() == null) {
      return var.getValue() == null ? "" : var.getValue();
    }
    var ref = var.getValueFrom().getSecretKeyRef();
    assertThat(ref).as("%s: %s comes from a Secret", name, var.getName()).isNotNull();
    Map<String, String> secret = secrets.get(ref.getName());
    assertThat(secret).as("%s: the Secret %s", name, ref.getName()).isNotNull();
    assertThat(secret).as("%s: the Secret %s", name, ref.getName()).containsKey(ref.getKey());
    return secret.get(ref.getKey());
  }

  /**
   * {@code berth} from this test's classpath: the launcher and the modules it was built with (the
   * image runs the same classes, shaded into one jar).
   */
  private static List<String> launcher() {
    return List.of("-cp", System.getProperty("java.class.path"), BerthCommand.class.getName());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
