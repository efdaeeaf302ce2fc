package dev.berth.deploy;

import static dev.berth.deploy.Manifests.BERTH_NAMESPACE;
import static dev.berth.deploy.Manifests.CONTROL_PLANE;
import static dev.berth.deploy.Manifests.DATA_PLANE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.controlplane.orchestrator.InstanceTypeCatalog;
import dev.berth.controlplane.orchestrator.InstanceTypeResources;
import dev.berth.controlplane.orchestrator.kubernetes.KubernetesOrchestrator;
import dev.berth.controlplane.orchestrator.kubernetes.KubernetesPermission;
import dev.berth.controlplane.orchestrator.kubernetes.KubernetesSettings;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every overlay in {@code deploy/overlays}, rendered with {@code kubectl kustomize} and parsed by
 * Fabric8, checked against what Berth's code actually does: the containers' arguments against the
 * launcher's picocli commands, the Role against the orchestrator's {@link
 * KubernetesOrchestrator#REQUIRED_PERMISSIONS}, the catalog against {@link InstanceTypeCatalog}.
 * Skipped (not failed) where there is no kubectl.
 */
class OverlaysTest {
  private static final String GPU_RESOURCE = "nvidia.com/gpu";

  static List<String> overlays() {
    return Manifests.overlays();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void theControlPlaneRunsTheLaunchersCommandWithTheKubernetesOrchestrator(String overlay) {
    Manifests m = Manifests.render(overlay);
    Deployment d = m.deployment(CONTROL_PLANE);
    Container c = Manifests.container(d);
    LauncherArgs args = LauncherArgs.of(c);

    assertThat(d.getSpec().getReplicas()).isEqualTo(2);
    assertThat(args.command()).isEqualTo("control-plane");
    assertThat(args.<String>option("--orchestrator")).isEqualTo("kubernetes");
    assertThat(args.<String>option("--bind")).isEqualTo("0.0.0.0");
    String endpoints = args.option("--kubernetes-namespace");
    assertThat(m.all(Namespace.class))
        .extracting(ns -> ns.getMetadata().getName())
        .contains(BERTH_NAMESPACE, endpoints);
    int port = args.option("--port");
    assertThat(c.getPorts()).extracting(ContainerPort::getContainerPort).containsExactly(port);
    for (Probe probe : List.of(c.getStartupProbe(), c.getReadinessProbe(), c.getLivenessProbe())) {
      assertThat(probe.getHttpGet().getPath()).isEqualTo("/health");
      assertThat(portNumber(c, probe.getHttpGet().getPort())).isEqualTo(port);
    }
    Service service = m.one(Service.class, BERTH_NAMESPACE, CONTROL_PLANE);
    assertThat(service.getSpec().getSelector()).isEqualTo(podLabelsSelectedBy(d));
    assertThat(service.getSpec().getPorts())
        .extracting(p -> portNumber(c, p.getTargetPort()))
        .containsExactly(port);

    // The catalog flag names a file that a ConfigMap volume puts there.
    Path catalog = args.option("--instance-types-file");
    assertThat(m.configMapFiles(d)).containsKey(catalog.toString());
    // So does the quota file, and the control plane accepts what it says.
    Path quotas = args.option("--quotas-file");
    assertThat(m.configMapFiles(d)).containsKey(quotas.toString());
    try {
      Path local = java.nio.file.Files.createTempFile("quotas", ".yaml");
      java.nio.file.Files.writeString(local, m.configMapFiles(d).get(quotas.toString()));
      assertThat(dev.berth.controlplane.persistence.QuotaDefaults.load(local))
          .containsEntry("endpoints", 100L)
          .containsEntry("instance-type:*", 20L);
      java.nio.file.Files.delete(local);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void theDataPlaneRunsTheLaunchersCommandBehindAService(String overlay) {
    Manifests m = Manifests.render(overlay);
    Deployment d = m.deployment(DATA_PLANE);
    Container c = Manifests.container(d);
    LauncherArgs args = LauncherArgs.of(c);

    assertThat(d.getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
    assertThat(args.command()).isEqualTo("data-plane");
    assertThat(args.<String>option("--bind")).isEqualTo("0.0.0.0");
    int port = args.option("--port");
    int admin = args.option("--admin-port");
    assertThat(c.getPorts())
        .extracting(ContainerPort::getContainerPort)
        .containsExactlyInAnyOrder(port, admin);
    for (Probe probe : List.of(c.getStartupProbe(), c.getReadinessProbe(), c.getLivenessProbe())) {
      assertThat(probe.getHttpGet().getPath()).isEqualTo("/health");
      assertThat(portNumber(c, probe.getHttpGet().getPort())).isEqualTo(admin);
    }
    Service service = m.one(Service.class, BERTH_NAMESPACE, DATA_PLANE);
    assertThat(service.getSpec().getSelector()).isEqualTo(podLabelsSelectedBy(d));
    assertThat(service.getSpec().getPorts())
        .extracting(p -> portNumber(c, p.getTargetPort()))
        .containsExactly(port);
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void bothPlanesRunBerthsImageAndReadOnlyVariablesTheirCommandsKnow(String overlay) {
    Manifests m = Manifests.render(overlay);
    String script = readDeployFile("docker/berth");
    for (String name : List.of(CONTROL_PLANE, DATA_PLANE)) {
      Container c = Manifests.container(m.deployment(name));
      LauncherArgs args = LauncherArgs.of(c);
      assertThat(c.getImage()).as(name).startsWith("ghcr.io/berth/berth:");
      for (EnvVar env : c.getEnv()) {
        boolean known =
            args.readsVariable(env.getName())
                // Read by the image's entrypoint script, not by the command.
                || (env.getName().equals("BERTH_JAVA_OPTS") && script.contains("BERTH_JAVA_OPTS"));
        assertThat(known)
            .as(
                "%s: %s is neither a setting of 'berth %s' nor read by the image",
                name, env.getName(), args.command())
            .isTrue();
      }
      // The database comes from the Secret berth-database, never from a literal.
      for (String variable : List.of("BERTH_DB_URL", "BERTH_DB_USER", "BERTH_DB_PASSWORD")) {
        SecretKeySelector ref = secretRef(c, variable);
        assertThat(ref.getName()).as("%s %s", name, variable).startsWith("berth-database");
        m.all(Secret.class).stream()
            .filter(s -> s.getMetadata().getName().equals(ref.getName()))
            .forEach(s -> assertThat(decoded(s)).containsKey(ref.getKey()));
      }
    }
    // The control plane's first admin key, also from a Secret.
    Container cp = Manifests.container(m.deployment(CONTROL_PLANE));
    assertThat(secretRef(cp, "BERTH_ADMIN_ACCESS_KEY_ID").getName()).isEqualTo("berth-admin");
    assertThat(secretRef(cp, "BERTH_ADMIN_SECRET_ACCESS_KEY").getName()).isEqualTo("berth-admin");
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void theRoleGrantsExactlyWhatTheOrchestratorCallsInTheEndpointsNamespace(String overlay) {
    Manifests m = Manifests.render(overlay);
    Deployment d = m.deployment(CONTROL_PLANE);
    String endpoints = LauncherArgs.of(Manifests.container(d)).option("--kubernetes-namespace");
    String account = d.getSpec().getTemplate().getSpec().getServiceAccountName();

    List<Role> roles = m.all(Role.class);
    assertThat(roles).hasSize(1);
    Role role = roles.get(0);
    assertThat(role.getMetadata().getNamespace()).isEqualTo(endpoints);
    assertThat(grants(role.getRules())).isEqualTo(required());
    assertThat(m.all(ClusterRole.class)).isEmpty();
    assertThat(m.all(ClusterRoleBinding.class)).isEmpty();

    RoleBinding binding = m.all(RoleBinding.class).stream().findFirst().orElseThrow();
    assertThat(m.all(RoleBinding.class)).hasSize(1);
    assertThat(binding.getMetadata().getNamespace()).isEqualTo(endpoints);
    assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
    assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
    assertThat(binding.getSubjects())
        .extracting(Subject::getKind, Subject::getName, Subject::getNamespace)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("ServiceAccount", account, BERTH_NAMESPACE));
    assertThat(m.all(io.fabric8.kubernetes.api.model.ServiceAccount.class))
        .extracting(sa -> sa.getMetadata().getNamespace() + "/" + sa.getMetadata().getName())
        .contains(BERTH_NAMESPACE + "/" + account);
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void onlyTheDataPlaneReachesRuntimePodsOnTheContainerPort(String overlay) {
    Manifests m = Manifests.render(overlay);
    String endpoints =
        LauncherArgs.of(Manifests.container(m.deployment(CONTROL_PLANE)))
            .option("--kubernetes-namespace");
    Deployment dataPlane = m.deployment(DATA_PLANE);

    List<NetworkPolicy> policies =
        m.all(NetworkPolicy.class).stream()
            .filter(p -> endpoints.equals(p.getMetadata().getNamespace()))
            .toList();
    assertThat(policies).hasSize(1);
    NetworkPolicy policy = policies.get(0);
    // Which pods it selects is checked against the orchestrator's real pods in ClusterInstallIT.
    assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isNotEmpty();
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
    assertThat(policy.getSpec().getIngress()).hasSize(1);
    var rule = policy.getSpec().getIngress().get(0);
    assertThat(rule.getPorts())
        .extracting(p -> p.getPort().getIntVal())
        .containsExactly(KubernetesSettings.DEFAULT_CONTAINER_PORT);
    assertThat(rule.getFrom()).hasSize(1);
    NetworkPolicyPeer from = rule.getFrom().get(0);
    assertThat(from.getNamespaceSelector().getMatchLabels())
        .isEqualTo(Map.of("kubernetes.io/metadata.name", dataPlane.getMetadata().getNamespace()));
    assertThat(dataPlane.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(from.getPodSelector().getMatchLabels());
    // ...and nothing else of Berth's: the control plane's pods do not match.
    Map<String, String> controlPlane =
        m.deployment(CONTROL_PLANE).getSpec().getTemplate().getMetadata().getLabels();
    assertThat(
            controlPlane.entrySet().containsAll(from.getPodSelector().getMatchLabels().entrySet()))
        .isFalse();
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void theRuntimeImageAndCatalogFitTheOverlaysNodes(String overlay) {
    Manifests m = Manifests.render(overlay);
    Deployment d = m.deployment(CONTROL_PLANE);
    Container c = Manifests.container(d);
    LauncherArgs args = LauncherArgs.of(c);
    String runtimeImage = args.option("--runtime-image");
    InstanceTypeCatalog catalog =
        InstanceTypeCatalog.parse(
            m.source(),
            m.configMapFiles(d).get(args.<Path>option("--instance-types-file").toString()));
    InstanceTypeCatalog builtIn = InstanceTypeCatalog.defaults();

    boolean gpu = overlay.startsWith("gpu");
    if (gpu) {
      assertThat(runtimeImage).isEqualTo(c.getImage() + "-gpu");
      // Every built-in type, as built in: GPU types ask for nvidia.com/gpu and tolerate the taint.
      assertThat(catalog.names()).containsExactlyInAnyOrderElementsOf(builtIn.names());
      List<InstanceTypeResources> gpuTypes =
          catalog.names().stream()
              .map(n -> catalog.resources(n).orElseThrow())
              .filter(r -> r.gpus() > 0)
              .toList();
      assertThat(gpuTypes).isNotEmpty();
      for (InstanceTypeResources r : gpuTypes) {
        assertThat(r.tolerations())
            .as(r.name())
            .anySatisfy(
                t -> {
                  assertThat(t.key()).isEqualTo(GPU_RESOURCE);
                  assertThat(t.operator()).isEqualTo("Exists");
                  assertThat(t.effect()).isIn("NoSchedule", "");
                });
      }
    } else {
      assertThat(runtimeImage).isEqualTo(c.getImage());
      // The built-in CPU types only, so GPU types are refused when a configuration is created.
      assertThat(catalog.names())
          .containsExactlyInAnyOrderElementsOf(
              builtIn.names().stream()
                  .filter(n -> builtIn.resources(n).orElseThrow().gpus() == 0)
                  .toList());
    }
    for (String name : catalog.names()) {
      assertThat(catalog.resources(name)).as(name).isEqualTo(builtIn.resources(name));
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void everyDeploymentRequestsResourcesHasADisruptionBudgetAndRunsAsNonRoot(String overlay) {
    Manifests m = Manifests.render(overlay);
    List<Deployment> deployments = m.all(Deployment.class);
    assertThat(deployments).isNotEmpty();
    for (Deployment d : deployments) {
      String name = d.getMetadata().getName();
      PodSpec pod = d.getSpec().getTemplate().getSpec();
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name).isTrue();
      // Kubernetes' service links would land in the BERTH_* settings' namespace.
      assertThat(pod.getEnableServiceLinks()).as(name).isFalse();
      for (Container c : pod.getContainers()) {
        Map<String, Quantity> requests = c.getResources().getRequests();
        assertThat(requests).as(name).containsKeys("cpu", "memory");
        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).as(name).isFalse();
      }
      Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
      assertThat(m.all(PodDisruptionBudget.class))
          .as("a PodDisruptionBudget for %s", name)
          .anySatisfy(
              pdb -> {
                assertThat(pdb.getMetadata().getNamespace())
                    .isEqualTo(d.getMetadata().getNamespace());
                assertThat(labels)
                    .containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
                // Never 0 available: both planes keep serving through a node drain.
                assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isPositive();
                assertThat(pdb.getSpec().getMinAvailable().getIntVal())
                    .isLessThan(d.getSpec().getReplicas());
              });
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void anInClusterPostgresIsWhatTheDatabaseSecretPointsAt(String overlay) {
    Manifests m = Manifests.render(overlay);
    List<StatefulSet> databases = m.all(StatefulSet.class);
    if (databases.isEmpty()) {
      // An external PostgreSQL: the Secret is the operator's (deploy/README.md).
      assertThat(m.all(Secret.class)).isEmpty();
      return;
    }
    assertThat(databases).hasSize(1);
    StatefulSet db = databases.get(0);
    assertThat(db.getSpec().getReplicas()).isEqualTo(1);
    Container postgres = db.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(postgres.getResources().getRequests()).containsKeys("cpu", "memory");
    String secretName = secretRef(postgres, "POSTGRES_PASSWORD").getName();
    Secret secret = m.one(Secret.class, BERTH_NAMESPACE, secretName);
    assertThat(secretRef(postgres, "POSTGRES_USER").getName()).isEqualTo(secretName);
    Map<String, String> data = decoded(secret);

    URI url = URI.create(data.get("url").substring("jdbc:".length()));
    Service service = m.one(Service.class, BERTH_NAMESPACE, db.getSpec().getServiceName());
    assertThat(url.getHost())
        .isIn(
            service.getMetadata().getName(),
            service.getMetadata().getName() + "." + BERTH_NAMESPACE + ".svc");
    assertThat(service.getSpec().getPorts())
        .extracting(ServicePort::getPort)
        .contains(url.getPort());
    assertThat(db.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(service.getSpec().getSelector());
    assertThat(url.getPath()).isEqualTo("/" + envValue(postgres, "POSTGRES_DB"));
    for (String name : List.of(CONTROL_PLANE, DATA_PLANE)) {
      assertThat(secretRef(Manifests.container(m.deployment(name)), "BERTH_DB_URL").getName())
          .isEqualTo(secretName);
    }
  }

  private static Set<String> required() {
    Set<String> grants = new HashSet<>();
    for (KubernetesPermission p : KubernetesOrchestrator.REQUIRED_PERMISSIONS) {
      p.verbs().forEach(v -> grants.add(p.apiGroup() + "/" + p.resource() + ":" + v));
    }
    return grants;
  }

  /** A Role's rules as "group/resource:verb" triples (no wildcards allowed here). */
  private static Set<String> grants(List<PolicyRule> rules) {
    Set<String> grants = new HashSet<>();
    for (PolicyRule rule : rules) {
      assertThat(rule.getResourceNames()).isNullOrEmpty();
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            grants.add(group + "/" + resource + ":" + verb);
          }
        }
      }
    }
    return grants;
  }

  private static Map<String, String> podLabelsSelectedBy(Deployment d) {
    Map<String, String> selector = d.getSpec().getSelector().getMatchLabels();
    assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(selector);
    return selector;
  }

  /** A container port given by number or by name. */
  static int portNumber(Container c, IntOrString port) {
    if (port.getIntVal() != null) {
      return port.getIntVal();
    }
    return c.getPorts().stream()
        .filter(p -> port.getStrVal().equals(p.getName()))
        .map(ContainerPort::getContainerPort)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no container port named " + port.getStrVal()));
  }

  static SecretKeySelector secretRef(Container c, String variable) {
    EnvVar env =
        c.getEnv().stream()
            .filter(e -> e.getName().equals(variable))
            .findFirst()
            .orElseThrow(() -> new AssertionError(c.getName() + " has no " + variable));
    assertThat(env.getValue()).as(variable).isNull();
    assertThat(env.getValueFrom()).as(variable).isNotNull();
    return Objects.requireNonNull(env.getValueFrom().getSecretKeyRef(), variable);
  }

  private static String envValue(Container c, String variable) {
    return c.getEnv().stream()
        .filter(e -> e.getName().equals(variable))
        .map(EnvVar::getValue)
        .findFirst()
        .orElseThrow();
  }

  static Map<String, String> decoded(Secret secret) {
    Map<String, String> data = new java.util.TreeMap<>();
    if (secret.getData() != null) {
      secret
          .getData()
          .forEach(
              (k, v) ->
                  data.put(
                      k, new String(Base64.getMimeDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    if (secret.getStringData() != null) {
      data.putAll(secret.getStringData());
    }
    return data;
  }

  static String readDeployFile(String path) {
    try {
      return Files.readString(Manifests.deployDir().resolve(path));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
