package dev.berth.controlplane.orchestrator.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.controlplane.orchestrator.FleetSpec;
import dev.berth.controlplane.orchestrator.InstanceTypeCatalog;
import dev.berth.controlplane.orchestrator.InstanceTypeResources;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FleetDeploymentTest {
  private static final InstanceTypeCatalog CATALOG = InstanceTypeCatalog.defaults();
  private static final KubernetesSettings SETTINGS =
      KubernetesSettings.of("models")
          .withImagePullSecrets(List.of("registry-key"))
          .withServiceAccountName("berth-runtime")
          .withExtraLabels(Map.of("team", "ml", FleetMetadata.MANAGED_BY, "someone-else"));

  private static Deployment deployment(FleetSpec spec) {
    InstanceTypeResources resources = CATALOG.resources(spec.instanceType()).orElseThrow();
    return FleetDeployment.of(spec, SETTINGS, resources);
  }

  private static Map<String, String> env(Container c) {
    return c.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }

  @Test
  void berthsRuntimeServesAModelWithoutAnImage() {
    Deployment d = deployment(FleetSpecs.runtime(1, "AllTraffic", "ml.m5.large", 2));
    Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getImage()).isEqualTo(KubernetesSettings.DEFAULT_RUNTIME_IMAGE);
    assertThat(c.getArgs()).containsExactly("runtime");
    assertThat(env(c))
        .containsEntry("SAGEMAKER_MODEL_SERVER_TIMEOUT", "120")
        .containsEntry("SAGEMAKER_BIND_TO_PORT", "8080")
        .containsEntry("BERTH_MODEL_DATA_URL", "s3://models/resnet/model.tar.gz")
        .containsEntry("BERTH_EXIT_ON_LOAD_FAILURE", "true")
        .doesNotContainKeys("BERTH_MODEL_COMPRESSION", "SAGEMAKER_MULTI_MODEL");
    assertThat(c.getPorts().get(0).getContainerPort()).isEqualTo(8080);
    assertThat(c.getResources().getRequests())
        .containsEntry("cpu", new Quantity("2"))
        .containsEntry("memory", new Quantity("8Gi"));
    assertThat(c.getResources().getLimits()).doesNotContainKey("nvidia.com/gpu");
    assertThat(d.getSpec().getTemplate().getSpec().getTolerations()).isEmpty();
    assertThat(d.getSpec().getReplicas()).isEqualTo(2);
  }

  @Test
  void aModelsOwnImageIsServedWithServe() {
    Deployment d = deployment(FleetSpecs.ownImage(1, "AllTraffic", 1));
    Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getImage()).isEqualTo("registry.example/my-model:3");
    assertThat(c.getArgs()).containsExactly("serve");
    assertThat(env(c))
        .containsEntry("BERTH_MODEL_DATA_URL", "s3://models/prefix/")
        .containsEntry("BERTH_MODEL_COMPRESSION", "None")
        .containsEntry("SAGEMAKER_MULTI_MODEL", "true")
        // Only Berth's runtime is known to read it.
        .doesNotContainKey("BERTH_EXIT_ON_LOAD_FAILURE");
  }

  @Test
  void gpuTypesAskForTheirGpusAndTolerateTheGpuTaint() {
    Deployment d = deployment(FleetSpecs.runtime(1, "AllTraffic", "ml.g5.12xlarge", 1));
    PodSpec pod = d.getSpec().getTemplate().getSpec();
    Container c = pod.getContainers().get(0);
    assertThat(c.getResources().getLimits())
        .containsEntry("nvidia.com/gpu", new Quantity("4"))
        .containsEntry("cpu", new Quantity("48"))
        .containsEntry("memory", new Quantity("192Gi"));
    assertThat(pod.getTolerations())
        .extracting(Toleration::getKey, Toleration::getOperator, Toleration::getEffect)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("nvidia.com/gpu", "Exists", "NoSchedule"));
  }

  @Test
  void probesPingThePortAndTheStartupProbeCoversTheStartupTimeout() {
    Container c =
        deployment(FleetSpecs.runtime(1, "AllTraffic", "ml.m5.large", 1))
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    for (var probe : List.of(c.getStartupProbe(), c.getReadinessProbe(), c.getLivenessProbe())) {
      assertThat(probe.getHttpGet().getPath()).isEqualTo("/ping");
      assertThat(probe.getHttpGet().getPort().getIntVal()).isEqualTo(8080);
    }
    // 600 s of startup timeout, a probe every 5 s.
    assertThat(c.getStartupProbe().getFailureThreshold() * c.getStartupProbe().getPeriodSeconds())
        .isEqualTo(600);
    assertThat(c.getTerminationMessagePolicy()).isEqualTo("FallbackToLogsOnError");
  }

  @Test
  void labelsAndAnnotationsFindTheFleetAgain() {
    FleetSpec spec = FleetSpecs.runtime(42, "Variant One/β", "ml.m5.large", 1);
    Deployment d = deployment(spec);
    assertThat(d.getMetadata().getName()).isEqualTo(spec.id().name());
    assertThat(d.getMetadata().getNamespace()).isEqualTo("models");
    assertThat(d.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "berth")
        .containsEntry("berth.dev/fleet", spec.id().name())
        .containsEntry("berth.dev/endpoint-id", "42")
        .containsEntry("berth.dev/config-id", "7")
        .containsEntry("berth.dev/account", "123456789012")
        .containsEntry("team", "ml");
    assertThat(d.getMetadata().getAnnotations())
        .containsEntry("berth.dev/variant", "Variant One/β")
        .containsEntry("berth.dev/endpoint-name", "endpoint-42")
        .containsEntry("berth.dev/region", "us-east-1")
        .containsKey("berth.dev/spec-hash");
    assertThat(d.getSpec().getSelector().getMatchLabels())
        .isEqualTo(
            Map.of("app.kubernetes.io/managed-by", "berth", "berth.dev/fleet", spec.id().name()));
    assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
    assertThat(FleetMetadata.fleetId(d.getMetadata())).contains(spec.id());
    assertThat(FleetMetadata.fleetId(d.getSpec().getTemplate().getMetadata())).contains(spec.id());
  }

  @Test
  void thePodRunsWithTheConfiguredIdentityAndPullSecrets() {
    PodSpec pod =
        deployment(FleetSpecs.runtime(1, "AllTraffic", "ml.m5.large", 1))
            .getSpec()
            .getTemplate()
            .getSpec();
    assertThat(pod.getServiceAccountName()).isEqualTo("berth-runtime");
    assertThat(pod.getImagePullSecrets()).extracting("name").containsExactly("registry-key");
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
  }

  @Test
  void theSpecHashChangesWithTheSpecOnly() {
    FleetSpec spec = FleetSpecs.runtime(1, "AllTraffic", "ml.m5.large", 2);
    String hash = deployment(spec).getMetadata().getAnnotations().get(FleetMetadata.SPEC_HASH);
    assertThat(deployment(spec).getMetadata().getAnnotations())
        .containsEntry(FleetMetadata.SPEC_HASH, hash);
    assertThat(deployment(spec.withInstanceCount(3)).getMetadata().getAnnotations())
        .doesNotContainEntry(FleetMetadata.SPEC_HASH, hash);
  }

  @Test
  void labelValuesAreMadeValid() {
    assertThat(FleetMetadata.labelValue("123456789012")).isEqualTo("123456789012");
    assertThat(FleetMetadata.labelValue("acme corp/β")).isEqualTo("acme-corp");
    assertThat(FleetMetadata.labelValue("x".repeat(70))).hasSize(63);
    assertThat(FleetMetadata.labelValue("-_-")).isEmpty();
  }
}
