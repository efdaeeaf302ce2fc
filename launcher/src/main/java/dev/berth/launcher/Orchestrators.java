package dev.berth.launcher;

import dev.berth.controlplane.orchestrator.InstanceTypeCatalog;
import dev.berth.controlplane.orchestrator.Orchestrator;
import dev.berth.controlplane.orchestrator.kubernetes.KubernetesOrchestrator;
import dev.berth.controlplane.orchestrator.kubernetes.KubernetesSettings;
import dev.berth.controlplane.orchestrator.local.LocalOrchestrator;
import dev.berth.controlplane.orchestrator.local.LocalSettings;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Builds the orchestrator a server role was configured with ({@code --orchestrator}). */
final class Orchestrators {
  private Orchestrators() {}

  /**
   * The configured orchestrator, or empty for {@code none}.
   *
   * @param dataDir where the local orchestrator keeps logs, pid files and the artifact cache
   */
  static Optional<Orchestrator> create(
      Settings settings, ServerOptions options, Path dataDir, InstanceTypeCatalog catalog) {
    String kind = settings.get("orchestrator", options.orchestrator, "local");
    return switch (kind) {
      case "none" -> Optional.empty();
      case "local" ->
          Optional.of(new LocalOrchestrator(LocalSettings.of(runtimeCommand(settings), dataDir)));
      case "kubernetes" -> {
        KubernetesSettings k8s =
            KubernetesSettings.of(
                    settings.get(
                        "kubernetes-namespace",
                        options.kubernetesNamespace,
                        KubernetesSettings.DEFAULT_NAMESPACE))
                .withRuntimeImage(
                    settings.get(
                        "runtime-image",
                        options.runtimeImage,
                        KubernetesSettings.DEFAULT_RUNTIME_IMAGE));
        String secrets = settings.get("image-pull-secrets", null, "");
        if (!secrets.isBlank()) {
          k8s =
              k8s.withImagePullSecrets(
                  Arrays.stream(secrets.split(",")).map(String::trim).toList());
        }
        String account = settings.get("runtime-service-account", null, "");
        if (!account.isBlank()) {
          k8s = k8s.withServiceAccountName(account);
        }
        yield Optional.of(KubernetesOrchestrator.connect(k8s, catalog));
      }
      default ->
          throw new IllegalArgumentException(
              "unknown orchestrator '" + kind + "': use local, kubernetes or none");
    };
  }

  /**
   * How the local orchestrator starts a runtime: this JVM's java with this process's classpath (the
   * berth jar), running the runtime's plain main; {@code BERTH_RUNTIME_JAVA_OPTS} adds JVM flags.
   */
  static List<String> runtimeCommand(Settings settings) {
    String javaBinary =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command = new ArrayList<>();
    command.add(javaBinary);
    String opts = settings.get("runtime-java-opts", null, "");
    for (String opt : opts.trim().split("\\s+")) {
      if (!opt.isEmpty()) {
        command.add(opt);
      }
    }
    command.add("-cp");
    // Absolute, so a runtime started from any working directory finds the jar.
    command.add(
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .map(p -> Path.of(p).toAbsolutePath().toString())
            .collect(Collectors.joining(File.pathSeparator)));
    command.add("dev.berth.runtime.RuntimeMain");
    return command;
  }
}
