package dev.berth.deploy;

import static dev.berth.deploy.Manifests.CONTROL_PLANE;
import static dev.berth.deploy.Manifests.DATA_PLANE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.berth.controlplane.TestDatabase;
import dev.berth.controlplane.admin.AdminClient;
import dev.berth.controlplane.orchestrator.InstanceTypeCatalog;
import dev.berth.controlplane.orchestrator.InstanceTypeResources;
import dev.berth.controlplane.orchestrator.kubernetes.TestKubelet;
import dev.berth.controlplane.orchestrator.kubernetes.TestKubelet.Behaviour;
import dev.berth.controlplane.persistence.DatabaseConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.ContainerDefinition;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariant;

/**
 * Berth as the manifests install it, minus the cluster: the control plane and the data plane run as
 * processes of the real {@code berth} command with the arguments, environment, Secrets and
 * ConfigMaps of the rendered gpu overlay (or, without kubectl, the base's files as they are), the
 * control plane's Kubernetes orchestrator talks to Fabric8's mock API server in CRUD mode as the
 * rendered service account (impersonated, so every request it makes names it), and {@link
 * TestKubelet} plays the controllers and kubelets. An endpoint is created with the AWS SDK and goes
 * Creating → InService on runtime pods the kubelet marks ready; then the runtime Deployment is held
 * to the rendered NetworkPolicy and every Kubernetes request to the rendered Role.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class ClusterInstallIT {
  private static final String ACCOUNT = "111122223333";

  static KubernetesMockServer server;
  static KubernetesClient client;

  private static Manifests manifests;
  private static boolean gpuOverlay;
  private static String endpointsNamespace;
  private static String serviceAccountUser;
  private static Path work;
  private static RenderedProcess controlPlane;
  private static RenderedProcess dataPlane;
  private static KubernetesClient kubeletClient;
  private static TestKubelet kubelet;
  private static SageMakerClient sm;

  @BeforeAll
  static void install() throws Exception {
    if (Manifests.kubectl().isPresent()) {
      manifests = Manifests.render("gpu");
      gpuOverlay = true;
    } else {
      System.out.println(
          "[berth tests] No kubectl: ClusterInstallIT runs Berth from the base's files as they are"
              + " (no overlay, no GPU endpoint).");
      manifests = Manifests.rawBase();
    }
    Deployment cp = manifests.deployment(CONTROL_PLANE);
    endpointsNamespace = LauncherArgs.of(Manifests.container(cp)).option("--kubernetes-namespace");
    serviceAccountUser =
        "system:serviceaccount:"
            + cp.getMetadata().getNamespace()
            + ":"
            + cp.getSpec().getTemplate().getSpec().getServiceAccountName();

    // The Secrets an operator creates before installing (deploy/README.md, "Install").
    DatabaseConfig db = TestDatabase.fresh("deploy_cluster_it");
    String adminId = "AKID" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    String adminSecret = UUID.randomUUID().toString();
    Map<String, Map<String, String>> secrets = new HashMap<>();
    secrets.put(
        "berth-database",
        Map.of("url", db.jdbcUrl(), "user", db.user(), "password", db.password()));
    secrets.put("berth-admin", Map.of("access-key-id", adminId, "secret-access-key", adminSecret));

    // What the pod's service account token and the API server's address would give it.
    Map<String, String> cluster =
        Map.of(
            "kubernetes.master",
            "http://localhost:" + server.getPort(),
            "kubernetes.auth.tryKubeConfig",
            "false",
            "kubernetes.auth.tryServiceAccount",
            "false",
            "kubernetes.impersonate.username",
            serviceAccountUser);

    work = Files.createTempDirectory("berth-cluster-it");
    kubeletClient = server.createClient();
    kubelet = new TestKubelet(kubeletClient, endpointsNamespace);
    controlPlane = RenderedProcess.start(manifests, cp, secrets, cluster, work);
    dataPlane =
        RenderedProcess.start(manifests, manifests.deployment(DATA_PLANE), secrets, Map.of(), work);
    controlPlane.awaitProbe(Manifests.container(cp).getReadinessProbe());

    int apiPort = LauncherArgs.of(Manifests.container(cp)).option("--port");
    var key =
        new AdminClient(controlPlane.url(apiPort), "us-east-1", adminId, adminSecret)
            .createAccessKey(ACCOUNT, List.of(), false);
    sm =
        SageMakerClient.builder()
            .endpointOverride(controlPlane.url(apiPort))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(
                        key.get("AccessKeyId").asText(), key.get("SecretAccessKey").asText())))
            .httpClient(UrlConnectionHttpClient.create())
            .build();
  }

  @AfterAll
  static void uninstall() throws Exception {
    if (sm != null) {
      sm.close();
    }
    for (RenderedProcess p : new RenderedProcess[] {controlPlane, dataPlane}) {
      if (p != null) {
        p.close();
      }
    }
    if (kubelet != null) {
      kubelet.close();
      kubeletClient.close();
      assertThat(kubelet.failures()).isEmpty();
    }
    if (work != null) {
      try (var paths = Files.walk(work)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void bothPlanesAnswerEveryProbeOfTheirRenderedDeployments() throws Exception {
    for (var entry : Map.of(CONTROL_PLANE, controlPlane, DATA_PLANE, dataPlane).entrySet()) {
      Container c = Manifests.container(manifests.deployment(entry.getKey()));
      for (Probe probe :
          List.of(c.getStartupProbe(), c.getReadinessProbe(), c.getLivenessProbe())) {
        entry.getValue().awaitProbe(probe);
      }
    }
  }

  @Test
  void anEndpointGoesInServiceOnRuntimePodsThatOnlyTheDataPlaneMayReach() throws Exception {
    String instanceType = gpuOverlay ? "ml.g5.xlarge" : "ml.m5.large";
    provision("vision", instanceType);

    Deployment runtime = single(deploymentsOf("vision"));
    Container c = Manifests.container(runtime);
    Container cp = Manifests.container(manifests.deployment(CONTROL_PLANE));
    LauncherArgs args = LauncherArgs.of(cp);
    assertThat(c.getImage()).isEqualTo(args.<String>option("--runtime-image"));
    assertThat(LauncherArgs.parse(c.getArgs()).command()).isEqualTo("runtime");
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/ping");

    InstanceTypeResources resources =
        InstanceTypeCatalog.parse(
                "rendered catalog",
                manifests
                    .configMapFiles(manifests.deployment(CONTROL_PLANE))
                    .get(args.<Path>option("--instance-types-file").toString()))
            .resources(instanceType)
            .orElseThrow();
    assertThat(c.getResources().getRequests())
        .containsEntry("cpu", new Quantity(resources.cpu()))
        .containsEntry("memory", new Quantity(resources.memory()));
    if (gpuOverlay) {
      assertThat(args.<String>option("--runtime-image")).endsWith("-gpu");
      assertThat(c.getResources().getLimits())
          .containsEntry("nvidia.com/gpu", new Quantity(Integer.toString(resources.gpus())));
      assertThat(runtime.getSpec().getTemplate().getSpec().getTolerations())
          .extracting(Toleration::getKey, Toleration::getOperator, Toleration::getEffect)
          .contains(org.assertj.core.groups.Tuple.tuple("nvidia.com/gpu", "Exists", "NoSchedule"));
    }

    // The rendered NetworkPolicy selects the orchestrator's pods, lets in the data plane's pods
    // from the data plane's namespace, on the port the runtime serves.
    NetworkPolicy policy =
        manifests.all(NetworkPolicy.class).stream()
            .filter(p -> endpointsNamespace.equals(p.getMetadata().getNamespace()))
            .findFirst()
            .orElseThrow();
    List<Pod> pods = podsOf("vision");
    assertThat(pods).isNotEmpty();
    for (Pod pod : pods) {
      assertThat(pod.getMetadata().getLabels())
          .containsAllEntriesOf(policy.getSpec().getPodSelector().getMatchLabels());
    }
    var rule = policy.getSpec().getIngress().get(0);
    assertThat(rule.getPorts())
        .extracting(p -> p.getPort().getIntVal())
        .containsExactly(c.getReadinessProbe().getHttpGet().getPort().getIntVal());
    Deployment dp = manifests.deployment(DATA_PLANE);
    assertThat(dp.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(rule.getFrom().get(0).getPodSelector().getMatchLabels());
  }

  @Test
  void everyKubernetesCallOfTheControlPlaneIsOneTheRenderedRoleAllows() throws Exception {
    provision("rbac", gpuOverlay ? "ml.g4dn.xlarge" : "ml.c5.large");

    RbacAuthorizer rbac = new RbacAuthorizer(manifests);
    Set<String> made = new LinkedHashSet<>();
    List<String> refused = new ArrayList<>();
    RecordedRequest request;
    while ((request = server.takeRequest(200, TimeUnit.MILLISECONDS)) != null) {
      if (!serviceAccountUser.equals(request.getHeader("Impersonate-User"))) {
        continue; // the kubelet's or this test's own requests
      }
      String line = request.getMethod() + " " + request.getPath();
      Optional<RbacAuthorizer.Attributes> attributes =
          RbacAuthorizer.attributes(request.getMethod(), request.getPath());
      if (attributes.isEmpty() || !rbac.allows(serviceAccountUser, attributes.get())) {
        refused.add(line);
      } else {
        made.add(attributes.get().toString());
      }
    }

    assertThat(refused).as("requests the rendered RBAC would refuse").isEmpty();
    // The orchestrator watched, listed and created in the endpoints namespace as that account.
    assertThat(made)
        .contains(
            "watch apps/deployments in " + endpointsNamespace,
            "watch pods in " + endpointsNamespace,
            "create apps/deployments in " + endpointsNamespace);
  }

  /** Model, configuration and endpoint named after {@code name}, then InService. */
  private static void provision(String name, String instanceType) {
    kubelet.behaveWhere(TestKubelet.ENDPOINT_NAME, name, Behaviour.READY);
    sm.createModel(
        r ->
            r.modelName(name + "-m")
                .executionRoleArn("arn:aws:iam::" + ACCOUNT + ":role/berth")
                .primaryContainer(
                    ContainerDefinition.builder()
                        .modelDataUrl("s3://models/" + name + "/model.tar.gz")
                        .build()));
    sm.createEndpointConfig(
        r ->
            r.endpointConfigName(name + "-c")
                .productionVariants(
                    ProductionVariant.builder()
                        .variantName("AllTraffic")
                        .modelName(name + "-m")
                        .instanceType(instanceType)
                        .initialInstanceCount(1)
                        .build()));
    sm.createEndpoint(r -> r.endpointName(name).endpointConfigName(name + "-c"));
    assertThat(status(name)).isEqualTo(EndpointStatus.CREATING);
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> status(name), s -> s == EndpointStatus.IN_SERVICE || s == EndpointStatus.FAILED);
    assertThat(sm.describeEndpoint(r -> r.endpointName(name)).failureReason())
        .as("%s; control plane log:%n%s", name, controlPlane.tail())
        .isNull();
    assertThat(status(name)).isEqualTo(EndpointStatus.IN_SERVICE);
  }

  private static EndpointStatus status(String name) {
    return sm.describeEndpoint(r -> r.endpointName(name)).endpointStatus();
  }

  private static List<Deployment> deploymentsOf(String endpoint) {
    return client.apps().deployments().inNamespace(endpointsNamespace).list().getItems().stream()
        .filter(d -> endpoint.equals(annotation(d.getMetadata(), TestKubelet.ENDPOINT_NAME)))
        .toList();
  }

  private static List<Pod> podsOf(String endpoint) {
    return client.pods().inNamespace(endpointsNamespace).list().getItems().stream()
        .filter(p -> endpoint.equals(annotation(p.getMetadata(), TestKubelet.ENDPOINT_NAME)))
        .toList();
  }

  private static String annotation(io.fabric8.kubernetes.api.model.ObjectMeta meta, String key) {
    return meta.getAnnotations() == null ? null : meta.getAnnotations().get(key);
  }

  private static <T> T single(List<T> items) {
    assertThat(items).hasSize(1);
    return items.get(0);
  }
}
