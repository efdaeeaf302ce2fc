package dev.berth.controlplane.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.controlplane.orchestrator.InstanceTypeResources.Toleration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceTypeCatalogTest {
  private static final Toleration GPU_TOLERATION =
      Toleration.exists("nvidia.com/gpu", "NoSchedule");

  @Test
  void defaultsCoverTheCommonCpuFamilies() {
    InstanceTypeCatalog catalog = InstanceTypeCatalog.defaults();
    assertThat(catalog.names())
        .contains(
            "ml.t2.medium",
            "ml.t3.large",
            "ml.m5.large",
            "ml.m5.24xlarge",
            "ml.m6i.xlarge",
            "ml.m7i.48xlarge",
            "ml.c5.9xlarge",
            "ml.c6i.large",
            "ml.c7i.2xlarge",
            "ml.r5.12xlarge");
    InstanceTypeResources m5 = catalog.resources("ml.m5.large").orElseThrow();
    assertThat(m5.cpu()).isEqualTo("2");
    assertThat(m5.memory()).isEqualTo("8Gi");
    assertThat(m5.gpus()).isZero();
    assertThat(m5.tolerations()).isEmpty();
    assertThat(m5.nodeSelector()).isEmpty();
    assertThat(m5.cpuMillis()).isEqualTo(2000);
    assertThat(m5.memoryBytes()).isEqualTo(8L << 30);
  }

  @Test
  void defaultsGiveGpuTypesTheirRealGpuCountsAndTheGpuToleration() {
    InstanceTypeCatalog catalog = InstanceTypeCatalog.defaults();
    Map<String, Integer> gpus =
        Map.of(
            "ml.g4dn.xlarge", 1,
            "ml.g4dn.12xlarge", 4,
            "ml.g5.xlarge", 1,
            "ml.g5.12xlarge", 4,
            "ml.g5.48xlarge", 8,
            "ml.g6.24xlarge", 4,
            "ml.p3.2xlarge", 1,
            "ml.p3.16xlarge", 8,
            "ml.p4d.24xlarge", 8,
            "ml.p5.48xlarge", 8);
    gpus.forEach(
        (type, count) -> {
          InstanceTypeResources r = catalog.resources(type).orElseThrow();
          assertThat(r.gpus()).as(type).isEqualTo(count);
          assertThat(r.tolerations()).as(type).containsExactly(GPU_TOLERATION);
        });
  }

  @Test
  void anUnknownTypeHasNoResources() {
    assertThat(InstanceTypeCatalog.defaults().resources("ml.x9.huge")).isEmpty();
  }

  @Test
  void noFileMeansTheDefaults() {
    assertThat(InstanceTypeCatalog.load(Optional.empty()).names())
        .isEqualTo(InstanceTypeCatalog.defaults().names());
  }

  @Test
  void anOperatorFileReplacesTheDefaults(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("types.yaml");
    Files.writeString(
        file,
        """
        gpuDefaults:
          nodeSelector: {nvidia.com/gpu.present: "true"}
          tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]
        instanceTypes:
          ml.m5.large: {cpu: 1500m, memory: 6Gi}
          ml.g5.xlarge: {cpu: 3, memory: 14Gi, gpus: 1}
          ml.g5.2xlarge:
            cpu: "7"
            memory: 30Gi
            gpus: 1
            nodeSelector: {pool: a10g}
        """);
    InstanceTypeCatalog catalog = InstanceTypeCatalog.load(Optional.of(file));
    assertThat(catalog.names()).containsExactly("ml.g5.2xlarge", "ml.g5.xlarge", "ml.m5.large");
    assertThat(catalog.resources("ml.m5.large").orElseThrow().cpuMillis()).isEqualTo(1500);
    InstanceTypeResources g5 = catalog.resources("ml.g5.xlarge").orElseThrow();
    assertThat(g5.cpu()).isEqualTo("3");
    assertThat(g5.nodeSelector()).containsExactly(Map.entry("nvidia.com/gpu.present", "true"));
    assertThat(g5.tolerations()).containsExactly(GPU_TOLERATION);
    InstanceTypeResources own = catalog.resources("ml.g5.2xlarge").orElseThrow();
    assertThat(own.nodeSelector()).containsExactly(Map.entry("pool", "a10g"));
    assertThat(own.tolerations()).containsExactly(GPU_TOLERATION);
    assertThat(catalog.resources("ml.c5.large")).isEmpty();
  }

  @Test
  void jsonIsAcceptedToo() {
    InstanceTypeCatalog catalog =
        InstanceTypeCatalog.parse(
            "test",
            "{\"instanceTypes\": {\"ml.m5.large\": {\"cpu\": \"2\", \"memory\": \"8Gi\"}}}");
    assertThat(catalog.names()).containsExactly("ml.m5.large");
  }

  @Test
  void aMalformedEntryIsNamedWithWhatIsWrong() {
    assertThatThrownBy(
            () ->
                InstanceTypeCatalog.parse(
                    "Instance-type catalog x.yaml",
                    """
                    instanceTypes:
                      ml.m5.large: {cpu: "2", memory: 8GB}
                      ml.g5.xlarge: {cpu: "4", memory: 16Gi, gpus: -1}
                      ml.c5.large: {cpu: "2", memory: 4Gi, gpu: 1}
                      ML.C5.XLARGE: {cpu: "4", memory: 8Gi}
                      ml.r5.large: {memory: 16Gi}
                    """))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Instance-type catalog x.yaml is malformed")
        .hasMessageContaining(
            "entry \"ml.m5.large\": memory \"8GB\" is not a positive Kubernetes quantity")
        .hasMessageContaining("entry \"ml.g5.xlarge\": gpus must be a whole number ≥ 0, got -1")
        .hasMessageContaining("entry \"ml.c5.large\": unknown key \"gpu\"")
        .hasMessageContaining("entry \"ML.C5.XLARGE\": an instance type is named ml.<family>")
        .hasMessageContaining("entry \"ml.r5.large\": cpu is missing");
  }

  @Test
  void aBadTolerationIsNamedWithItsPosition() {
    assertThatThrownBy(
            () ->
                InstanceTypeCatalog.parse(
                    "c",
                    """
                    gpuDefaults:
                      tolerations:
                        - {key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}
                        - {key: x, operator: In, effect: Sometimes}
                    instanceTypes:
                      ml.m5.large: {cpu: "2", memory: 8Gi}
                    """))
        .hasMessageContaining("gpuDefaults: toleration 2: operator must be Exists or Equal")
        .hasMessageContaining("gpuDefaults: toleration 2: effect must be NoSchedule");
  }

  @Test
  void brokenYamlAndEmptyCatalogsAreRefused() {
    assertThatThrownBy(() -> InstanceTypeCatalog.parse("c", "instanceTypes: [unclosed"))
        .hasMessageStartingWith("c is not valid YAML")
        .hasMessageContaining("line");
    assertThatThrownBy(() -> InstanceTypeCatalog.parse("c", "instanceTypes: {}"))
        .hasMessageContaining("instanceTypes must be a mapping with at least one instance type");
    assertThatThrownBy(
            () ->
                InstanceTypeCatalog.parse(
                    "c",
                    "instanceTypes:\n  ml.m5.large: {cpu: '2', memory: 8Gi}\n"
                        + "  ml.m5.large: {cpu: '4', memory: 8Gi}\n"))
        .hasMessageContaining("Duplicate field 'ml.m5.large'");
  }

  @Test
  void aMissingFileIsNamed(@TempDir Path dir) {
    Path missing = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> InstanceTypeCatalog.load(Optional.of(missing)))
        .hasMessageContaining("Cannot read the instance-type catalog " + missing);
  }

  @Test
  void quantitiesFollowKubernetes() {
    assertThat(Quantities.parse("500m")).isEqualByComparingTo("0.5");
    assertThat(Quantities.parse("1Ki")).isEqualByComparingTo("1024");
    assertThat(Quantities.parse("1e3")).isEqualByComparingTo("1000");
    assertThat(Quantities.parse("1.5G")).isEqualByComparingTo("1500000000");
    assertThat(Quantities.parse("2E")).isEqualByComparingTo("2000000000000000000");
    for (String bad : List.of("", "Gi", "1GB", "1 Gi", "1.2.3", "one")) {
      assertThat(Quantities.valid(bad)).as(bad).isFalse();
    }
  }
}
