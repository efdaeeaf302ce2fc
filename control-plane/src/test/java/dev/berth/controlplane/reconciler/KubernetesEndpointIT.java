package dev.berth.controlplane.reconciler;

import static dev.berth.controlplane.orchestrator.kubernetes.TestKubelet.CONFIG_NAME;
import static dev.berth.controlplane.orchestrator.kubernetes.TestKubelet.ENDPOINT_NAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import dev.berth.controlplane.ControlPlane;
import dev.berth.controlplane.ControlPlaneConfig;
import dev.berth.controlplane.Fixtures;
import dev.berth.controlplane.TestDatabase;
import dev.berth.controlplane.admin.AdminClient;
import dev.berth.controlplane.orchestrator.InstanceTypeCatalog;
import dev.berth.controlplane.orchestrator.kubernetes.KubernetesOrchestrator;
import dev.berth.controlplane.orchestrator.kubernetes.KubernetesSettings;
import dev.berth.controlplane.orchestrator.kubernetes.TestKubelet;
import dev.berth.controlplane.orchestrator.kubernetes.TestKubelet.Behaviour;
import dev.berth.controlplane.persistence.DatabaseConfig;
import dev.berth.controlplane.testing.RouteRows;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.ContainerDefinition;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.DesiredWeightAndCapacity;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;

/**
 * Endpoints on Kubernetes, end to end: the API driven through the AWS SDK and its waiters, the
 * reconciler, and the Kubernetes orchestrator against Fabric8's mock API server in CRUD mode, with
 * {@link TestKubelet} playing the controllers and kubelets in the background. What an endpoint's
 * pods do (ready, crash-looping, unschedulable, image pull failure, model failure) is chosen by its
 * name or its configuration's name, through the annotations Berth puts on every pod.
 *
 * <p>One control plane for the class; each test has endpoints of its own names.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesEndpointIT {
  private static final String NAMESPACE = "berth-endpoints";
  private static final ReconcilerSettings SETTINGS =
      new ReconcilerSettings(
          2,
          Duration.ofMillis(100),
          Duration.ofMillis(500),
          Duration.ofSeconds(1),
          Duration.ofSeconds(10),
          Duration.ofSeconds(1),
          Duration.ofMillis(200),
          Duration.ofSeconds(1),
          ReconcilerSettings.defaults().runtimeImages());

  static KubernetesMockServer server;
  static KubernetesClient client;

  private static DatabaseConfig db;
  private static KubernetesClient kubeletClient;
  private static TestKubelet kubelet;
  private static ControlPlane controlPlane;
  private static SageMakerClient sm;

  @BeforeAll
  static void start() throws Exception {
    db = TestDatabase.fresh("kubernetes_endpoint_it");
    kubeletClient = server.createClient();
    kubelet = new TestKubelet(kubeletClient, NAMESPACE);
    controlPlane =
        ControlPlane.start(
            ControlPlaneConfig.of("127.0.0.1", 0, db)
                .withBootstrapKey(ControlPlaneConfig.BootstrapKey.LOOPBACK),
            new KubernetesOrchestrator(
                client, KubernetesSettings.of(NAMESPACE), InstanceTypeCatalog.defaults()),
            SETTINGS);
    URI url = URI.create("http://127.0.0.1:" + controlPlane.port());
    var key =
        new AdminClient(url, "us-east-1", "test", "test")
            .createAccessKey("111122223333", List.of(), false);
    sm =
        SageMakerClient.builder()
            .endpointOverride(url)
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(
                        key.get("AccessKeyId").asText(), key.get("SecretAccessKey").asText())))
            .httpClient(UrlConnectionHttpClient.create())
            .build();
  }

  @AfterAll
  static void stop() throws Exception {
    if (sm != null) {
      sm.close();
    }
    if (controlPlane != null) {
      controlPlane.close(); // and the orchestrator; the mock server's client is the extension's
    }
    if (kubelet != null) {
      kubelet.close();
      kubeletClient.close();
      assertThat(kubelet.failures()).isEmpty();
    }
  }

  @Test
  void aGpuEndpointRunsAsADeploymentThatAsksForItsGpuAndServesFromItsPods() throws Exception {
    kubelet.behaveWhere(ENDPOINT_NAME, "gpu", Behaviour.READY);
    Fixtures.model(sm, "gpu-m");
    sm.createEndpointConfig(
        r ->
            r.endpointConfigName("gpu-c")
                .productionVariants(Fixtures.variant("AllTraffic", "gpu-m", "ml.g5.2xlarge", 2)));
    sm.createEndpoint(r -> r.endpointName("gpu").endpointConfigName("gpu-c"));

    DescribeEndpointResponse ready = waitInService("gpu");

    assertThat(ready.productionVariants())
        .singleElement()
        .satisfies(v -> assertThat(v.currentInstanceCount()).isEqualTo(2));
    Deployment d = single(deploymentsOf("gpu"));
    assertThat(d.getSpec().getReplicas()).isEqualTo(2);
    assertThat(d.getSpec().getSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/managed-by", "berth")
        .containsEntry("berth.dev/fleet", d.getMetadata().getName());
    assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels())
        .containsEntry("berth.dev/instance-type", "ml.g5.2xlarge");
    PodSpec pod = d.getSpec().getTemplate().getSpec();
    Container c = single(pod.getContainers());
    assertThat(c.getImage()).isEqualTo(KubernetesSettings.DEFAULT_RUNTIME_IMAGE);
    // An extended resource's limit is also its request.
    assertThat(c.getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("1"));
    assertThat(c.getResources().getRequests())
        .containsEntry("cpu", new Quantity("8"))
        .containsEntry("memory", new Quantity("32Gi"));
    assertThat(pod.getTolerations())
        .extracting(Toleration::getKey, Toleration::getOperator, Toleration::getEffect)
        .contains(tuple("nvidia.com/gpu", "Exists", "NoSchedule"));
    for (Probe probe : List.of(c.getStartupProbe(), c.getReadinessProbe(), c.getLivenessProbe())) {
      assertThat(probe.getHttpGet().getPath()).isEqualTo("/ping");
      assertThat(probe.getHttpGet().getPort().getIntVal()).isEqualTo(8080);
    }
    assertThat(c.getEnv())
        .extracting(EnvVar::getName, EnvVar::getValue)
        .contains(
            tuple("BERTH_MODEL_DATA_URL", "s3://models/gpu-m/model.tar.gz"),
            tuple("BERTH_EXIT_ON_LOAD_FAILURE", "true"));
    assertThat(RouteRows.addresses(db, "gpu"))
        .containsExactlyInAnyOrderElementsOf(
            podsOf("gpu").stream().map(p -> p.getStatus().getPodIP() + ":8080").toList());
  }

  @Test
  void anUpdateRunsTheNewDeploymentBesideTheOldThenSwitchesTrafficAndDeletesTheOld()
      throws Exception {
    kubelet.behaveWhere(ENDPOINT_NAME, "bg", Behaviour.READY);
    Fixtures.model(sm, "bg-m");
    Fixtures.config(sm, "bg-c1", "bg-m", 1);
    Fixtures.config(sm, "bg-c2", "bg-m", 1);
    sm.createEndpoint(r -> r.endpointName("bg").endpointConfigName("bg-c1"));
    waitInService("bg");
    String old = single(deploymentsOf("bg")).getMetadata().getName();
    List<String> oldAddresses = RouteRows.addresses(db, "bg");

    // The new configuration's pods start but are not ready yet: the old fleet keeps the traffic.
    kubelet.behaveWhere(CONFIG_NAME, "bg-c2", Behaviour.STARTING);
    sm.updateEndpoint(r -> r.endpointName("bg").endpointConfigName("bg-c2"));
    eventually(
        () ->
            assertThat(deploymentsOf("bg"))
                .extracting(d -> d.getMetadata().getAnnotations().get(CONFIG_NAME))
                .containsExactlyInAnyOrder("bg-c1", "bg-c2"));
    assertThat(describe("bg").endpointStatus()).isEqualTo(EndpointStatus.UPDATING);
    assertThat(RouteRows.describe(db, "bg"))
        .singleElement()
        .asString()
        .startsWith("AllTraffic bg-c1");

    kubelet.behaveWhere(CONFIG_NAME, "bg-c2", Behaviour.READY);
    DescribeEndpointResponse updated = waitInService("bg");

    assertThat(updated.endpointConfigName()).isEqualTo("bg-c2");
    assertThat(updated.failureReason()).isNull();
    eventually(
        () -> {
          Deployment now = single(deploymentsOf("bg"));
          assertThat(now.getMetadata().getName()).isNotEqualTo(old);
          assertThat(now.getMetadata().getAnnotations()).containsEntry(CONFIG_NAME, "bg-c2");
        });
    assertThat(RouteRows.describe(db, "bg"))
        .singleElement()
        .asString()
        .startsWith("AllTraffic bg-c2 1.0");
    assertThat(RouteRows.addresses(db, "bg")).hasSize(1).doesNotContainAnyElementsOf(oldAddresses);
  }

  @Test
  void anUpdateWhosePodsCrashLoopIsRolledBackAndItsDeploymentRemoved() throws Exception {
    kubelet.behaveWhere(ENDPOINT_NAME, "roll", Behaviour.READY);
    kubelet.behaveWhere(CONFIG_NAME, "roll-c2", Behaviour.CRASH_LOOPING);
    Fixtures.model(sm, "roll-m");
    Fixtures.config(sm, "roll-c1", "roll-m", 1);
    Fixtures.config(sm, "roll-c2", "roll-m", 1);
    sm.createEndpoint(r -> r.endpointName("roll").endpointConfigName("roll-c1"));
    waitInService("roll");

    sm.updateEndpoint(r -> r.endpointName("roll").endpointConfigName("roll-c2"));
    await().atMost(Duration.ofSeconds(15)).until(() -> describe("roll").failureReason() != null);

    DescribeEndpointResponse d = describe("roll");
    assertThat(d.endpointStatus()).isEqualTo(EndpointStatus.IN_SERVICE);
    assertThat(d.endpointConfigName()).isEqualTo("roll-c1");
    assertThat(d.failureReason())
        .startsWith(
            "The primary container for production variant AllTraffic exited repeatedly (5"
                + " restarts)")
        .contains(TestKubelet.CRASH_MESSAGE);
    eventually(
        () ->
            assertThat(single(deploymentsOf("roll")).getMetadata().getAnnotations())
                .containsEntry(CONFIG_NAME, "roll-c1"));
    eventually(() -> assertThat(podsOf("roll")).hasSize(1));
    assertThat(RouteRows.describe(db, "roll"))
        .singleElement()
        .asString()
        .startsWith("AllTraffic roll-c1 ");
  }

  @Test
  void scalingToThreeInstancesScalesTheDeployment() throws Exception {
    kubelet.behaveWhere(ENDPOINT_NAME, "scale", Behaviour.READY);
    Fixtures.model(sm, "scale-m");
    Fixtures.config(sm, "scale-c", "scale-m", 1);
    sm.createEndpoint(r -> r.endpointName("scale").endpointConfigName("scale-c"));
    waitInService("scale");
    String fleet = single(deploymentsOf("scale")).getMetadata().getName();

    sm.updateEndpointWeightsAndCapacities(
        r ->
            r.endpointName("scale")
                .desiredWeightsAndCapacities(
                    DesiredWeightAndCapacity.builder()
                        .variantName("AllTraffic")
                        .desiredInstanceCount(3)
                        .build()));
    DescribeEndpointResponse scaled = waitInService("scale");

    assertThat(scaled.productionVariants().get(0).currentInstanceCount()).isEqualTo(3);
    Deployment d = single(deploymentsOf("scale"));
    assertThat(d.getMetadata().getName()).isEqualTo(fleet);
    assertThat(d.getSpec().getReplicas()).isEqualTo(3);
    assertThat(podsOf("scale")).hasSize(3);
    assertThat(RouteRows.addresses(db, "scale")).hasSize(3).doesNotHaveDuplicates();
  }

  @Test
  void anEndpointWhosePodsCannotBeScheduledFailsForCapacity() throws Exception {
    kubelet.behaveWhere(ENDPOINT_NAME, "full", Behaviour.UNSCHEDULABLE);
    Fixtures.model(sm, "full-m");
    sm.createEndpointConfig(
        r ->
            r.endpointConfigName("full-c")
                .productionVariants(Fixtures.variant("AllTraffic", "full-m", "ml.g5.2xlarge", 1)));
    sm.createEndpoint(r -> r.endpointName("full").endpointConfigName("full-c"));

    DescribeEndpointResponse d = waitFailed("full");

    assertThat(d.failureReason())
        .isEqualTo(
            "Unable to provision requested ML compute capacity for production variant AllTraffic"
                + " (ml.g5.2xlarge) within 1 seconds: "
                + TestKubelet.UNSCHEDULABLE_MESSAGE
                + ". Please retry using a different ML instance type or fewer instances.");
    eventually(() -> assertThat(deploymentsOf("full")).isEmpty());
  }

  @Test
  void aModelWhoseOwnImageCannotBePulledFailsTheEndpoint() throws Exception {
    kubelet.behaveWhere(ENDPOINT_NAME, "nopull", Behaviour.IMAGE_PULL_FAILED);
    String image = "registry.example/no-such-model:3";
    sm.createModel(
        r ->
            r.modelName("nopull-m")
                .executionRoleArn("arn:aws:iam::123456789012:role/berth")
                .primaryContainer(
                    ContainerDefinition.builder()
                        .image(image)
                        .modelDataUrl("s3://models/nopull-m/model.tar.gz")
                        .build()));
    Fixtures.config(sm, "nopull-c", "nopull-m", 1);
    sm.createEndpoint(r -> r.endpointName("nopull").endpointConfigName("nopull-c"));

    DescribeEndpointResponse d = waitFailed("nopull");

    assertThat(d.failureReason())
        .isEqualTo(
            "The image \""
                + image
                + "\" of production variant AllTraffic could not be pulled: ImagePullBackOff:"
                + " Back-off pulling image \""
                + image
                + "\".");
    eventually(() -> assertThat(deploymentsOf("nopull")).isEmpty());
  }

  @Test
  void aModelThatCannotLoadFailsTheEndpointWithTheRuntimesReason() throws Exception {
    kubelet.behaveWhere(ENDPOINT_NAME, "badmodel", Behaviour.MODEL_FAILED);
    Fixtures.model(sm, "badmodel-m");
    Fixtures.config(sm, "badmodel-c", "badmodel-m", 1);
    sm.createEndpoint(r -> r.endpointName("badmodel").endpointConfigName("badmodel-c"));

    DescribeEndpointResponse d = waitFailed("badmodel");

    assertThat(d.failureReason())
        .isEqualTo(
            "The primary container for production variant AllTraffic could not load its model: "
                + TestKubelet.MODEL_FAILURE
                + ".");
    eventually(() -> assertThat(deploymentsOf("badmodel")).isEmpty());
  }

  @Test
  void deletingAnEndpointLeavesNoDeploymentAndNoPodBehind() throws Exception {
    kubelet.behaveWhere(ENDPOINT_NAME, "gone", Behaviour.READY);
    Fixtures.model(sm, "gone-m");
    Fixtures.config(sm, "gone-c", "gone-m", 2);
    sm.createEndpoint(r -> r.endpointName("gone").endpointConfigName("gone-c"));
    waitInService("gone");
    assertThat(deploymentsOf("gone")).hasSize(1);
    assertThat(podsOf("gone")).hasSize(2);

    sm.deleteEndpoint(r -> r.endpointName("gone"));
    var deleted =
        sm.waiter().waitUntilEndpointDeleted(r -> r.endpointName("gone"), quick()).matched();

    assertThat(deleted.exception()).isPresent();
    // The endpoint is gone once its Deployment is; Kubernetes then removes the Deployment's pods.
    assertThat(deploymentsOf("gone")).isEmpty();
    eventually(() -> assertThat(podsOf("gone")).isEmpty());
    assertThat(RouteRows.describe(db, "gone")).isEmpty();
  }

  private static Consumer<WaiterOverrideConfiguration.Builder> quick() {
    return o ->
        o.maxAttempts(150)
            .backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(100)));
  }

  private static DescribeEndpointResponse waitInService(String name) {
    return sm.waiter()
        .waitUntilEndpointInService(r -> r.endpointName(name), quick())
        .matched()
        .response()
        .orElseThrow();
  }

  /** Waits for Failed (the InService waiter stops on it, with an error). */
  private static DescribeEndpointResponse waitFailed(String name) {
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> describe(name).endpointStatus() == EndpointStatus.FAILED);
    return describe(name);
  }

  private static DescribeEndpointResponse describe(String name) {
    return sm.describeEndpoint(r -> r.endpointName(name));
  }

  private static void eventually(ThrowingRunnable assertion) {
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(assertion);
  }

  private static List<Deployment> deploymentsOf(String endpoint) {
    return ofEndpoint(
        client.apps().deployments().inNamespace(NAMESPACE).list().getItems(), endpoint);
  }

  private static List<Pod> podsOf(String endpoint) {
    return ofEndpoint(client.pods().inNamespace(NAMESPACE).list().getItems(), endpoint);
  }

  private static <T extends HasMetadata> List<T> ofEndpoint(List<T> all, String endpoint) {
    return all.stream()
        .filter(
            o ->
                o.getMetadata().getAnnotations() != null
                    && endpoint.equals(o.getMetadata().getAnnotations().get(ENDPOINT_NAME)))
        .toList();
  }

  private static <T> T single(List<T> items) {
    assertThat(items).hasSize(1);
    return items.get(0);
  }
}
