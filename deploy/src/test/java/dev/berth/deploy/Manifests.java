package dev.berth.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The objects one kustomize overlay of {@code deploy/} renders to, parsed by Fabric8, and the
 * lookups the tests share.
 *
 * <p>Usage: {@code Manifests.render("gpu").deployment("berth", "berth-control-plane")}. Rendering
 * needs {@code kubectl} (its built-in kustomize) on the {@code PATH}; without it a test is skipped
 * with a message, never failed. {@link #rawBase()} reads the base's files as they are, for a test
 * that can do without kustomize.
 */
final class Manifests {
  /** Berth's own namespace. */
  static final String BERTH_NAMESPACE = "berth";

  static final String CONTROL_PLANE = "berth-control-plane";
  static final String DATA_PLANE = "berth-data-plane";

  private final String source;
  private final List<HasMetadata> objects;

  private Manifests(String source, List<HasMetadata> objects) {
    this.source = source;
    this.objects = List.copyOf(objects);
  }

  /** The {@code deploy/} folder (the tests run in it; from the repository root, below it). */
  static Path deployDir() {
    Path here = Path.of("").toAbsolutePath();
    for (Path candidate : List.of(here, here.resolve("deploy"))) {
      if (Files.isRegularFile(candidate.resolve("base/kustomization.yaml"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("no deploy/base/kustomization.yaml under " + here);
  }

  /** Every overlay in {@code deploy/overlays}, by folder name. */
  static List<String> overlays() {
    try (Stream<Path> dirs = Files.list(deployDir().resolve("overlays"))) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve("kustomization.yaml")))
          .map(d -> d.getFileName().toString())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The kubectl on the PATH, if any. */
  static Optional<Path> kubectl() {
    String path = System.getenv().getOrDefault("PATH", "");
    return Arrays.stream(path.split(java.io.File.pathSeparator))
        .filter(dir -> !dir.isBlank())
        .map(dir -> Path.of(dir, "kubectl"))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /**
   * {@code kubectl kustomize deploy/overlays/<overlay>}, parsed. Skips the calling test when there
   * is no kubectl.
   */
  static Manifests render(String overlay) {
    Optional<Path> kubectl = kubectl();
    Assumptions.assumeTrue(
        kubectl.isPresent(),
        "No kubectl on the PATH: the overlays cannot be rendered here, so their checks are skipped"
            + " (install kubectl 1.27 or newer, which has kustomize built in, to run them).");
    Path dir = deployDir().resolve("overlays").resolve(overlay);
    return new Manifests("overlay " + overlay, parse(run(kubectl.get(), dir)));
  }

  /**
   * The base's resource files and generated ConfigMaps as they are, without kustomize: what a test
   * can still use where there is no kubectl. Generated names carry no hash here.
   */
  @SuppressWarnings("unchecked")
  static Manifests rawBase() {
    Path base = deployDir().resolve("base");
    try {
      Map<String, Object> kustomization =
          Serialization.unmarshal(Files.readString(base.resolve("kustomization.yaml")), Map.class);
      List<HasMetadata> objects = new ArrayList<>();
      for (Object file : (List<Object>) kustomization.get("resources")) {
        objects.addAll(parse(Files.readString(base.resolve(file.toString()))));
      }
      for (Object generator :
          (List<Object>) kustomization.getOrDefault("configMapGenerator", List.of())) {
        Map<String, Object> g = (Map<String, Object>) generator;
        Map<String, String> data = new LinkedHashMap<>();
        for (Object file : (List<Object>) g.get("files")) {
          Path p = base.resolve(file.toString());
          data.put(p.getFileName().toString(), Files.readString(p));
        }
        ConfigMap map = new ConfigMap();
        map.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
        map.getMetadata().setName((String) g.get("name"));
        map.getMetadata().setNamespace((String) g.get("namespace"));
        map.setData(data);
        objects.add(map);
      }
      return new Manifests("the base's files (no kustomize)", objects);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String run(Path kubectl, Path dir) {
    try {
      Process p =
          new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
              .redirectErrorStream(true)
              .start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("kubectl kustomize " + dir + " did not finish in 60 s");
      }
      String text = new String(out, StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as("kubectl kustomize %s:%n%s", dir, text).isZero();
      return text;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + kubectl, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static List<HasMetadata> parse(String yaml) {
    Object parsed = Serialization.unmarshal(yaml);
    if (parsed instanceof KubernetesList list) {
      return list.getItems();
    }
    if (parsed instanceof List<?> list) {
      return list.stream().filter(Objects::nonNull).map(HasMetadata.class::cast).toList();
    }
    return List.of((HasMetadata) parsed);
  }

  /** Where these objects came from, for messages. */
  String source() {
    return source;
  }

  List<HasMetadata> objects() {
    return objects;
  }

  /** Every object of {@code type}. */
  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** The one object of {@code type} named {@code name} in {@code namespace}. */
  <T extends HasMetadata> T one(Class<T> type, String namespace, String name) {
    List<T> found =
        all(type).stream()
            .filter(o -> name.equals(o.getMetadata().getName()))
            .filter(o -> Objects.equals(namespace, o.getMetadata().getNamespace()))
            .toList();
    assertThat(found)
        .as("%s %s/%s in %s", type.getSimpleName(), namespace, name, source)
        .hasSize(1);
    return found.get(0);
  }

  Deployment deployment(String name) {
    return one(Deployment.class, BERTH_NAMESPACE, name);
  }

  /** The one container of a Deployment. */
  static Container container(Deployment deployment) {
    List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
    assertThat(containers).as("containers of %s", deployment.getMetadata().getName()).hasSize(1);
    return containers.get(0);
  }

  /**
   * The files the ConfigMap volumes of a Deployment put into its container: path in the container
   * to content.
   */
  Map<String, String> configMapFiles(Deployment deployment) {
    Map<String, String> files = new LinkedHashMap<>();
    PodTemplateSpec template = deployment.getSpec().getTemplate();
    for (VolumeMount mount : container(deployment).getVolumeMounts()) {
      Volume volume =
          template.getSpec().getVolumes().stream()
              .filter(v -> v.getName().equals(mount.getName()))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no volume " + mount.getName()));
      if (volume.getConfigMap() == null) {
        continue;
      }
      ConfigMap map =
          one(
              ConfigMap.class,
              deployment.getMetadata().getNamespace(),
              volume.getConfigMap().getName());
      map.getData().forEach((key, content) -> files.put(mount.getMountPath() + "/" + key, content));
    }
    return files;
  }
}
