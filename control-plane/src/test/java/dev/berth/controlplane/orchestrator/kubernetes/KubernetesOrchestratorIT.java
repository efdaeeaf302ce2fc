package dev.berth.controlplane.orchestrator.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.berth.controlplane.orchestrator.FleetId;
import dev.berth.controlplane.orchestrator.FleetSpec;
import dev.berth.controlplane.orchestrator.FleetStatus;
import dev.berth.controlplane.orchestrator.InstancePhase;
import dev.berth.controlplane.orchestrator.InstanceState;
import dev.berth.controlplane.orchestrator.InstanceTypeCatalog;
import dev.berth.controlplane.orchestrator.OrchestratorException;
import dev.berth.controlplane.orchestrator.kubernetes.TestKubelet.Behaviour;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes orchestrator against Fabric8's mock API server in CRUD mode, with {@link
 * TestKubelet} playing the controllers and kubelets the mock server lacks.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesOrchestratorIT {
  private static final String NAMESPACE = "models";
  private static final InstanceTypeCatalog CATALOG =
      InstanceTypeCatalog.parse(
          "test catalog",
          """
          gpuDefaults:
            nodeSelector: {nvidia.com/gpu.present: "true"}
            tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]
          instanceTypes:
            ml.m5.large: {cpu: "2", memory: 8Gi}
            ml.g5.12xlarge: {cpu: "46", memory: 180Gi, gpus: 4}
          """);

  KubernetesMockServer server;
  KubernetesClient client;

  private KubernetesClient kubeletClient;
  private TestKubelet kubelet;
  private KubernetesOrchestrator orchestrator;
  private final List<FleetId> changes = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    kubeletClient = server.createClient();
    kubelet = new TestKubelet(kubeletClient, NAMESPACE);
    orchestrator =
        new KubernetesOrchestrator(
            client,
            KubernetesSettings.of(NAMESPACE)
                .withImagePullSecrets(List.of("registry-key"))
                .withServiceAccountName("berth-runtime"),
            CATALOG);
    orchestrator.onChange(changes::add);
  }

  @AfterEach
  void stop() throws Exception {
    orchestrator.close();
    kubelet.close();
    kubeletClient.close();
    assertThat(kubelet.failures()).isEmpty();
  }

  private static void eventually(ThrowingRunnable assertion) {
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .ignoreExceptions()
        .untilAsserted(assertion);
  }

  private FleetStatus observe(FleetId id) {
    try {
      return orchestrator.observe(id);
    } catch (OrchestratorException e) {
      throw new AssertionError(e);
    }
  }

  private List<Deployment> deployments() {
    return client.apps().deployments().inNamespace(NAMESPACE).list().getItems();
  }

  @Test
  void applyCreatesTheFleetsDeployment() throws Exception {
    FleetSpec spec = FleetSpecs.runtime(1, "AllTraffic", "ml.g5.12xlarge", 2);
    orchestrator.apply(spec);

    Deployment d =
        client.apps().deployments().inNamespace(NAMESPACE).withName(spec.id().name()).get();
    assertThat(d.getSpec().getReplicas()).isEqualTo(2);
    assertThat(d.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "berth")
        .containsEntry("berth.dev/fleet", spec.id().name())
        .containsEntry("berth.dev/endpoint-id", "1")
        .containsEntry("berth.dev/config-id", "7")
        .containsEntry("berth.dev/account", "123456789012");
    assertThat(d.getMetadata().getAnnotations())
        .containsEntry("berth.dev/endpoint-name", "endpoint-1")
        .containsEntry("berth.dev/region", "us-east-1")
        .containsEntry("berth.dev/variant", "AllTraffic");
    PodSpec pod = d.getSpec().getTemplate().getSpec();
    Container c = pod.getContainers().get(0);
    assertThat(c.getImage()).isEqualTo(KubernetesSettings.DEFAULT_RUNTIME_IMAGE);
    assertThat(c.getArgs()).containsExactly("runtime");
    assertThat(c.getEnv())
        .extracting(EnvVar::getName, EnvVar::getValue)
        .contains(
            org.assertj.core.groups.Tuple.tuple("SAGEMAKER_BIND_TO_PORT", "8080"),
            org.assertj.core.groups.Tuple.tuple(
                "BERTH_MODEL_DATA_URL", "s3://models/resnet/model.tar.gz"));
    assertThat(c.getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("4"));
    assertThat(c.getResources().getRequests()).containsEntry("cpu", new Quantity("46"));
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/ping");
    assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/ping");
    assertThat(c.getStartupProbe().getHttpGet().getPath()).isEqualTo("/ping");
    assertThat(c.getTerminationMessagePolicy()).isEqualTo("FallbackToLogsOnError");
    assertThat(pod.getNodeSelector()).containsEntry("nvidia.com/gpu.present", "true");
    assertThat(pod.getTolerations()).hasSize(1);
    assertThat(pod.getTolerations().get(0).getKey()).isEqualTo("nvidia.com/gpu");
    assertThat(pod.getImagePullSecrets()).extracting("name").containsExactly("registry-key");
    assertThat(pod.getServiceAccountName()).isEqualTo("berth-runtime");
  }

  @Test
  void readyPodsAreReportedWithTheirAddresses() throws Exception {
    FleetSpec spec = FleetSpecs.runtime(1, "AllTraffic", "ml.m5.large", 2);
    orchestrator.apply(spec);
    eventually(
        () -> {
          FleetStatus status = observe(spec.id());
          assertThat(status.exists()).isTrue();
          assertThat(status.instances())
              .hasSize(2)
              .allSatisfy(i -> assertThat(i.phase()).isEqualTo(InstancePhase.STARTING));
        });
    changes.clear();

    kubelet.behave(spec.id(), Behaviour.READY);

    eventually(
        () -> {
          FleetStatus status = observe(spec.id());
          assertThat(status.readyCount()).isEqualTo(2);
          assertThat(status.readyAddresses()).allMatch(a -> a.matches("10\\.0\\.\\d+\\.\\d+:8080"));
          assertThat(status.instances())
              .isSortedAccordingTo(java.util.Comparator.comparing(InstanceState::name));
        });
    eventually(() -> assertThat(changes).contains(spec.id()));
  }

  @Test
  void applyingAnotherCountScalesTheFleet() throws Exception {
    FleetSpec spec = FleetSpecs.runtime(1, "AllTraffic", "ml.m5.large", 2);
    kubelet.behave(spec.id(), Behaviour.READY);
    orchestrator.apply(spec);
    eventually(() -> assertThat(observe(spec.id()).readyCount()).isEqualTo(2));

    orchestrator.apply(spec.withInstanceCount(3));
    eventually(() -> assertThat(observe(spec.id()).readyCount()).isEqualTo(3));

    orchestrator.apply(spec.withInstanceCount(1));
    eventually(() -> assertThat(observe(spec.id()).instances()).hasSize(1));
    assertThat(deployments()).hasSize(1);
    assertThat(deployments().get(0).getSpec().getReplicas()).isEqualTo(1);
  }

  @Test
  void applyingTheSameSpecTwiceChangesNothing() throws Exception {
    FleetSpec spec = FleetSpecs.runtime(1, "AllTraffic", "ml.m5.large", 2);
    orchestrator.apply(spec);
    String version = deployments().get(0).getMetadata().getResourceVersion();

    // At once (the informer may not have seen it yet: the API server is asked) and later (the
    // cache answers): neither sends an update.
    orchestrator.apply(spec);
    eventually(() -> assertThat(observe(spec.id()).exists()).isTrue());
    orchestrator.apply(spec);

    assertThat(deployments()).hasSize(1);
    assertThat(deployments().get(0).getMetadata().getResourceVersion()).isEqualTo(version);
  }

  @Test
  void twoOrchestratorsApplyingOneFleetMakeOneDeployment() throws Exception {
    FleetSpec spec = FleetSpecs.runtime(1, "AllTraffic", "ml.m5.large", 1);
    try (KubernetesOrchestrator other =
        new KubernetesOrchestrator(client, KubernetesSettings.of(NAMESPACE), CATALOG)) {
      orchestrator.apply(spec);
      other.apply(spec);
    }
    assertThat(deployments()).hasSize(1);
  }

  @Test
  void failingInstancesAreReportedWithTheirReasons() throws Exception {
    Map<Behaviour, FleetSpec> fleets =
        Map.of(
            Behaviour.CRASH_LOOPING, FleetSpecs.runtime(1, "Crashing", "ml.m5.large", 1),
            Behaviour.IMAGE_PULL_FAILED, FleetSpecs.ownImage(2, "NoImage", 1),
            Behaviour.UNSCHEDULABLE, FleetSpecs.runtime(3, "TooBig", "ml.g5.12xlarge", 1),
            Behaviour.MODEL_FAILED, FleetSpecs.runtime(4, "BadModel", "ml.m5.large", 1));
    for (Map.Entry<Behaviour, FleetSpec> e : fleets.entrySet()) {
      kubelet.behave(e.getValue().id(), e.getKey());
      orchestrator.apply(e.getValue());
    }

    eventually(
        () -> {
          InstanceState crashing =
              observe(fleets.get(Behaviour.CRASH_LOOPING).id()).instances().get(0);
          assertThat(crashing.phase()).isEqualTo(InstancePhase.CRASH_LOOPING);
          assertThat(crashing.restarts()).isEqualTo(5);
          assertThat(crashing.detail())
              .startsWith("The container exited with code 1 (Error)")
              .endsWith(TestKubelet.CRASH_MESSAGE);

          InstanceState pulling =
              observe(fleets.get(Behaviour.IMAGE_PULL_FAILED).id()).instances().get(0);
          assertThat(pulling.phase()).isEqualTo(InstancePhase.IMAGE_PULL_FAILED);
          assertThat(pulling.detail())
              .isEqualTo(
                  "ImagePullBackOff: Back-off pulling image \"registry.example/my-model:3\"");

          InstanceState waiting =
              observe(fleets.get(Behaviour.UNSCHEDULABLE).id()).instances().get(0);
          assertThat(waiting.phase()).isEqualTo(InstancePhase.UNSCHEDULABLE);
          assertThat(waiting.detail()).isEqualTo(TestKubelet.UNSCHEDULABLE_MESSAGE);
          assertThat(waiting.address()).isEmpty();

          InstanceState failed =
              observe(fleets.get(Behaviour.MODEL_FAILED).id()).instances().get(0);
          assertThat(failed.phase()).isEqualTo(InstancePhase.MODEL_FAILED);
          assertThat(failed.detail()).isEqualTo(TestKubelet.MODEL_FAILURE);
        });
  }

  @Test
  void removeLeavesNothingOfTheFleet() throws Exception {
    FleetSpec spec = FleetSpecs.runtime(1, "AllTraffic", "ml.m5.large", 2);
    FleetSpec other = FleetSpecs.runtime(2, "AllTraffic", "ml.m5.large", 1);
    orchestrator.apply(spec);
    orchestrator.apply(other);
    eventually(() -> assertThat(observe(spec.id()).instances()).hasSize(2));

    assertThat(orchestrator.remove(spec.id())).isFalse();
    await().atMost(Duration.ofSeconds(10)).until(() -> orchestrator.remove(spec.id()));

    assertThat(observe(spec.id())).isEqualTo(FleetStatus.absent(spec.id()));
    assertThat(deployments())
        .extracting(d -> d.getMetadata().getName())
        .containsExactly(other.id().name());
    assertThat(
            client
                .pods()
                .inNamespace(NAMESPACE)
                .withLabel("berth.dev/fleet", spec.id().name())
                .list()
                .getItems())
        .isEmpty();
    assertThat(orchestrator.remove(spec.id())).isTrue();
    assertThat(orchestrator.remove(new FleetId(9, 9, "Never"))).isTrue();
  }

  @Test
  void fleetsAreRebuiltFromTheClusterAlone() throws Exception {
    FleetSpec plain = FleetSpecs.runtime(1, "AllTraffic", "ml.m5.large", 1);
    FleetSpec odd = FleetSpecs.runtime(2, "Variant_1 Ü/β", "ml.m5.large", 1);
    FleetSpec byoc = FleetSpecs.ownImage(3, "variant-1", 1);
    for (FleetSpec spec : List.of(plain, odd, byoc)) {
      orchestrator.apply(spec);
    }
    // Not Berth's: ignored.
    client
        .apps()
        .deployments()
        .inNamespace(NAMESPACE)
        .resource(
            new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder()
                .withNewMetadata()
                .withName("someone-elses")
                .addToLabels("app.kubernetes.io/managed-by", "berth")
                .endMetadata()
                .withNewSpec()
                .withReplicas(0)
                .endSpec()
                .build())
        .create();

    try (KubernetesClient fresh = server.createClient();
        KubernetesOrchestrator restarted =
            new KubernetesOrchestrator(fresh, KubernetesSettings.of(NAMESPACE), CATALOG)) {
      await()
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions()
          .until(restarted::fleets, f -> f.equals(Set.of(plain.id(), odd.id(), byoc.id())));
    }
  }

  @Test
  void anUnknownInstanceTypeIsAPermanentFailure() {
    assertThatThrownBy(
            () -> orchestrator.apply(FleetSpecs.runtime(1, "AllTraffic", "ml.x9.huge", 1)))
        .isInstanceOfSatisfying(
            OrchestratorException.class, e -> assertThat(e.permanent()).isTrue())
        .hasMessage(
            "The instance type ml.x9.huge is not in this installation's instance-type"
                + " catalog");
    assertThat(deployments()).isEmpty();
  }

  @Test
  void everyRequestIsCoveredByTheRequiredPermissions() throws Exception {
    Set<String> used = ConcurrentHashMap.newKeySet();
    Interceptor recorder =
        new Interceptor() {
          @Override
          public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
            used.add(permission(request.method(), request.uri()));
          }
        };
    FleetSpec spec = FleetSpecs.runtime(1, "AllTraffic", "ml.m5.large", 1);
    kubelet.behave(spec.id(), Behaviour.READY);
    try (KubernetesClient recorded =
            server.createClient(
                b ->
                    b.withHttpClientBuilderConsumer(
                        h -> h.addOrReplaceInterceptor("rbac", recorder)));
        KubernetesOrchestrator watched =
            new KubernetesOrchestrator(recorded, KubernetesSettings.of(NAMESPACE), CATALOG)) {
      watched.apply(spec);
      eventually(() -> assertThat(watched.observe(spec.id()).readyCount()).isEqualTo(1));
      watched.apply(spec.withInstanceCount(2));
      assertThat(watched.fleets()).containsExactly(spec.id());
      await().atMost(Duration.ofSeconds(10)).until(() -> watched.remove(spec.id()));
    }

    Set<String> required =
        KubernetesOrchestrator.REQUIRED_PERMISSIONS.stream()
            .flatMap(p -> p.verbs().stream().map(v -> p.apiGroup() + "/" + p.resource() + ":" + v))
            .collect(Collectors.toSet());
    assertThat(used).isEqualTo(required);
  }

  /** {@code group/resource:verb} of a request, as RBAC sees it. */
  private static String permission(String method, URI uri) {
    Matcher m =
        Pattern.compile("/(?:api|apis/([^/]+))/v1/namespaces/[^/]+/([^/]+)(/[^/]+)?")
            .matcher(uri.getPath());
    assertThat(m.matches()).as(method + " " + uri).isTrue();
    String group = m.group(1) == null ? "" : m.group(1);
    boolean named = m.group(3) != null;
    String query = uri.getQuery() == null ? "" : uri.getQuery();
    String verb =
        switch (method) {
          case "GET" -> query.contains("watch=true") ? "watch" : named ? "get" : "list";
          case "POST" -> "create";
          case "PUT" -> "update";
          case "PATCH" -> "patch";
          case "DELETE" -> named ? "delete" : "deletecollection";
          default -> method;
        };
    return group + "/" + m.group(2) + ":" + verb;
  }
}
