package dev.berth.controlplane.orchestrator.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.berth.controlplane.orchestrator.ContainerSpec;
import dev.berth.controlplane.orchestrator.FleetSpec;
import dev.berth.controlplane.orchestrator.InstanceTypeResources;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Deployment one fleet is: a pure function of its {@link FleetSpec}, the settings and the
 * instance type's resources, so the same inputs give the same Deployment (and the same {@link
 * #specHash}) on every replica of the control plane.
 *
 * <p>The container is the model's own image run with {@code serve} (bring your own container, as
 * SageMaker runs it) or Berth's runtime image run with {@code runtime}; either serves the SageMaker
 * container contract on the settings' port. Resources are the catalog's, as requests and limits
 * (Guaranteed QoS, like a dedicated instance), GPUs as {@code nvidia.com/gpu} limits. A startup
 * probe gives the container {@code startupTimeout} to answer {@code GET /ping}; then readiness
 * takes it in and out of traffic and liveness restarts it if it stops answering. With {@code
 * FallbackToLogsOnError} a crashed container's last log lines become its termination message, which
 * {@link PodInstances} turns into the instance's detail. Berth's runtime also gets {@value
 * #EXIT_ON_LOAD_FAILURE}{@code =true}: a model that cannot be loaded makes it write {@code Model
 * failed to load: <reason>} to {@code /dev/termination-log} and exit, so the reason shows on the
 * first restart instead of when the startup probe gives up (a model's own image is left alone: it
 * may read that variable differently, or not at all).
 */
final class FleetDeployment {
  /** The name of the one container of every pod. */
  static final String CONTAINER = "model";

  static final String GPU_RESOURCE = "nvidia.com/gpu";

  /**
   * Tells Berth's runtime to exit, leaving the reason as its termination message, when its model
   * fails to load.
   */
  static final String EXIT_ON_LOAD_FAILURE = "BERTH_EXIT_ON_LOAD_FAILURE";

  private static final int STARTUP_PERIOD_SECONDS = 5;

  private static final KubernetesSerialization SERIALIZATION =
      new KubernetesSerialization(
          new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS), false);

  private FleetDeployment() {}

  /** The Deployment, with its spec hash in the {@code berth.dev/spec-hash} annotation. */
  static Deployment of(
      FleetSpec spec, KubernetesSettings settings, InstanceTypeResources resources) {
    Map<String, String> labels = FleetMetadata.labels(spec, settings.extraLabels());
    Map<String, String> annotations = FleetMetadata.annotations(spec);
    DeploymentSpec deploymentSpec =
        new DeploymentBuilder()
            .withNewSpec()
            .withReplicas(spec.instanceCount())
            .withRevisionHistoryLimit(2)
            .withNewSelector()
            .withMatchLabels(FleetMetadata.selector(spec.id()))
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .withLabels(labels)
            .withAnnotations(annotations)
            .endMetadata()
            .withNewSpec()
            .withContainers(container(spec, settings, resources))
            .withNodeSelector(new TreeMap<>(resources.nodeSelector()))
            .withTolerations(tolerations(resources))
            .withImagePullSecrets(
                settings.imagePullSecrets().stream().map(LocalObjectReference::new).toList())
            .withServiceAccountName(settings.serviceAccountName().orElse(null))
            // The runtime never talks to the Kubernetes API, and nothing else should with its
            // identity; service links would only add variables to its environment.
            .withAutomountServiceAccountToken(false)
            .withEnableServiceLinks(false)
            .endSpec()
            .endTemplate()
            .endSpec()
            .build()
            .getSpec();
    Map<String, String> deploymentAnnotations = new LinkedHashMap<>(annotations);
    deploymentAnnotations.put(FleetMetadata.SPEC_HASH, specHash(deploymentSpec));
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(spec.id().name())
        .withNamespace(settings.namespace())
        .withLabels(labels)
        .withAnnotations(deploymentAnnotations)
        .endMetadata()
        .withSpec(deploymentSpec)
        .build();
  }

  /** A digest of everything Berth sets in a Deployment's spec, replicas included. */
  static String specHash(DeploymentSpec spec) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(SERIALIZATION.asJson(spec).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Container container(
      FleetSpec spec, KubernetesSettings settings, InstanceTypeResources resources) {
    ContainerSpec c = spec.container();
    int port = settings.containerPort();
    Map<String, Quantity> requests = new LinkedHashMap<>();
    requests.put("cpu", new Quantity(resources.cpu()));
    requests.put("memory", new Quantity(resources.memory()));
    Map<String, Quantity> limits = new LinkedHashMap<>(requests);
    if (resources.gpus() > 0) {
      limits.put(GPU_RESOURCE, new Quantity(Integer.toString(resources.gpus())));
    }
    return new ContainerBuilder()
        .withName(CONTAINER)
        .withImage(c.image().orElse(settings.runtimeImage()))
        .withArgs(c.image().isPresent() ? "serve" : "runtime")
        .withEnv(environment(c, port))
        .addNewPort()
        .withName("http")
        .withContainerPort(port)
        .withProtocol("TCP")
        .endPort()
        .withResources(
            new ResourceRequirementsBuilder().withRequests(requests).withLimits(limits).build())
        .withStartupProbe(ping(port, STARTUP_PERIOD_SECONDS, 2, startupFailureThreshold(spec)))
        .withReadinessProbe(ping(port, 5, 2, 2))
        .withLivenessProbe(ping(port, 10, 5, 3))
        .withTerminationMessagePolicy("FallbackToLogsOnError")
        .build();
  }

  /** The model's environment, then the platform's variables, which win. */
  private static List<EnvVar> environment(ContainerSpec c, int port) {
    Map<String, String> env = new TreeMap<>(c.environment());
    env.put("SAGEMAKER_BIND_TO_PORT", Integer.toString(port));
    c.modelDataUrl().ifPresent(url -> env.put("BERTH_MODEL_DATA_URL", url));
    if (c.uncompressed()) {
      env.put("BERTH_MODEL_COMPRESSION", "None");
    }
    if (c.multiModel()) {
      env.put("SAGEMAKER_MULTI_MODEL", "true");
    }
    if (c.image().isEmpty()) {
      env.put(EXIT_ON_LOAD_FAILURE, "true");
    }
    return env.entrySet().stream().map(e -> new EnvVar(e.getKey(), e.getValue(), null)).toList();
  }

  private static int startupFailureThreshold(FleetSpec spec) {
    long seconds = Math.max(1, spec.startupTimeout().toSeconds());
    return (int)
        Math.min(
            Integer.MAX_VALUE, (seconds + STARTUP_PERIOD_SECONDS - 1) / STARTUP_PERIOD_SECONDS);
  }

  private static Probe ping(int port, int periodSeconds, int timeoutSeconds, int failures) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath("/ping")
        .withPort(new IntOrString(port))
        .endHttpGet()
        .withPeriodSeconds(periodSeconds)
        .withTimeoutSeconds(timeoutSeconds)
        .withFailureThreshold(failures)
        .withSuccessThreshold(1)
        .build();
  }

  private static List<Toleration> tolerations(InstanceTypeResources resources) {
    return resources.tolerations().stream()
        .map(
            t ->
                new TolerationBuilder()
                    .withKey(t.key().isEmpty() ? null : t.key())
                    .withOperator(t.operator())
                    .withValue(t.value().isEmpty() ? null : t.value())
                    .withEffect(t.effect().isEmpty() ? null : t.effect())
                    .build())
        .toList();
  }
}
