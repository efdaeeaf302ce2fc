package dev.berth.controlplane.orchestrator.kubernetes;

import dev.berth.controlplane.orchestrator.FleetId;
import dev.berth.controlplane.orchestrator.FleetSpec;
import dev.berth.controlplane.orchestrator.FleetStatus;
import dev.berth.controlplane.orchestrator.InstanceState;
import dev.berth.controlplane.orchestrator.InstanceTypeCatalog;
import dev.berth.controlplane.orchestrator.InstanceTypeResources;
import dev.berth.controlplane.orchestrator.Orchestrator;
import dev.berth.controlplane.orchestrator.OrchestratorException;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.vertx.core.Vertx;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code kubernetes} orchestrator: each fleet is one {@code apps/v1} Deployment in the
 * configured namespace, named {@link FleetId#name()}, with {@code replicas} = the instance count;
 * its pods are the fleet's instances and their IPs the data plane's upstreams.
 *
 * <p><b>Ownership.</b> A fleet's Deployment has no owner reference: what owns a fleet is a row of
 * Berth's database, which Kubernetes cannot point at. Kubernetes' own chain (Deployment →
 * ReplicaSet → pods) makes deleting the Deployment, with background propagation, remove everything
 * of the fleet; nothing else is created (no Service: the data plane routes to pod IPs). Nothing is
 * orphaned because the reconciler compares {@link #fleets()} — every Deployment labelled {@code
 * app.kubernetes.io/managed-by=berth} in the namespace, whose labels and annotations rebuild its
 * {@link FleetId} — with the fleets its endpoints want, and removes the others. An owner object in
 * the cluster (a ConfigMap per endpoint, say) would need a lifecycle of its own and would give a
 * second way to delete fleets, racing the reconciler's blue/green updates. By hand, {@code kubectl
 * delete deployment -l app.kubernetes.io/managed-by=berth} removes all of Berth's fleets.
 *
 * <p><b>Apply.</b> The desired Deployment is computed from the spec ({@link FleetDeployment}) with
 * a hash of its spec in the {@code berth.dev/spec-hash} annotation. If the informer's copy has the
 * same hash and replica count, nothing is sent. Otherwise the Deployment is read from the API
 * server and created if absent, or replaced (update with its resourceVersion, so a concurrent
 * change is a conflict, retried) if its hash or replicas differ. A second create of the same name
 * is refused by the API server ({@code AlreadyExists}), a transient failure whose retry finds the
 * Deployment, so there is never a duplicate. Server-side apply would do the same with more moving
 * parts, and Fabric8's mock server does not serve it.
 *
 * <p><b>Observe.</b> Two informers (Deployments and pods labelled {@code managed-by=berth} in the
 * namespace) keep caches that {@link #observe}, {@link #remove} and {@link #fleets} read without a
 * request; their events call the {@link #onChange} listeners with the fleet whose instance changed
 * (phase, address, detail or restarts) or whose Deployment appeared, changed or went. Until both
 * caches are filled, those calls fail with a transient {@link OrchestratorException} (or a
 * permanent one when Kubernetes refuses the list, e.g. for RBAC). How a pod becomes an {@link
 * InstanceState} is {@link PodInstances}'s business; API failures become exceptions in {@link
 * KubernetesFailures} only.
 *
 * <p>The control plane's service account needs {@link #REQUIRED_PERMISSIONS} in the namespace.
 *
 * <p>Usage: {@code KubernetesOrchestrator.connect(vertx, KubernetesSettings.of("berth-endpoints"),
 * InstanceTypeCatalog.load(file))}; it finds the cluster as {@code kubectl} does (in-cluster
 * service account, {@code KUBECONFIG}, {@code ~/.kube/config}).
 */
public final class KubernetesOrchestrator implements Orchestrator {
  /** Every (API group, resource, verbs) this orchestrator calls, in its namespace. */
  public static final List<KubernetesPermission> REQUIRED_PERMISSIONS =
      List.of(
          new KubernetesPermission(
              "apps", "deployments", List.of("get", "list", "watch", "create", "update", "delete")),
          new KubernetesPermission("", "pods", List.of("list", "watch")));

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesOrchestrator.class);
  private static final String FLEET_INDEX = "fleet";
  private static final int REQUEST_RETRIES = 2;

  private final KubernetesClient client;
  private final boolean ownsClient;
  private final KubernetesSettings settings;
  private final InstanceTypeCatalog catalog;
  private final SharedIndexInformer<Deployment> deployments;
  private final SharedIndexInformer<Pod> pods;
  private final AtomicReference<Throwable> deploymentsFailure = new AtomicReference<>();
  private final AtomicReference<Throwable> podsFailure = new AtomicReference<>();
  private final List<Consumer<FleetId>> listeners = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  /**
   * An orchestrator using {@code client} (which stays the caller's to close). Starts watching at
   * once and returns without waiting for the first list.
   */
  public KubernetesOrchestrator(
      KubernetesClient client, KubernetesSettings settings, InstanceTypeCatalog catalog) {
    this(client, false, settings, catalog);
  }

  private KubernetesOrchestrator(
      KubernetesClient client,
      boolean ownsClient,
      KubernetesSettings settings,
      InstanceTypeCatalog catalog) {
    this.client = Objects.requireNonNull(client, "client");
    this.ownsClient = ownsClient;
    this.settings = Objects.requireNonNull(settings, "settings");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    String namespace = settings.namespace();
    this.deployments =
        client
            .apps()
            .deployments()
            .inNamespace(namespace)
            .withLabel(FleetMetadata.MANAGED_BY, FleetMetadata.MANAGED_BY_BERTH)
            .runnableInformer(0);
    this.pods =
        client
            .pods()
            .inNamespace(namespace)
            .withLabel(FleetMetadata.MANAGED_BY, FleetMetadata.MANAGED_BY_BERTH)
            .runnableInformer(0);
    pods.addIndexers(Map.of(FLEET_INDEX, KubernetesOrchestrator::fleetLabel));
    deployments.exceptionHandler((started, t) -> keepTrying(deploymentsFailure, "Deployments", t));
    pods.exceptionHandler((started, t) -> keepTrying(podsFailure, "pods", t));
    deployments.addEventHandler(new DeploymentEvents());
    pods.addEventHandler(new PodEvents());
    deployments.start().thenRun(() -> deploymentsFailure.set(null));
    pods.start().thenRun(() -> podsFailure.set(null));
  }

  /** An orchestrator on its own client of the cluster, over its own Vert.x. */
  public static KubernetesOrchestrator connect(
      KubernetesSettings settings, InstanceTypeCatalog catalog) {
    return connect(null, settings, catalog);
  }

  /**
   * An orchestrator on its own client of the cluster, over {@code vertx} (the control plane's, so
   * no second set of event loops; it stays the caller's to close), or its own if null.
   */
  public static KubernetesOrchestrator connect(
      Vertx vertx, KubernetesSettings settings, InstanceTypeCatalog catalog) {
    // Fabric8 retries a failed request up to 10 times (~20 s of back-off); the reconciler has its
    // own retries, so a worker thread waits for at most a few seconds here.
    Config config =
        new ConfigBuilder(Config.autoConfigure(null))
            .withRequestRetryBackoffLimit(REQUEST_RETRIES)
            .build();
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(config)
            .withHttpClientFactory(new VertxHttpClientFactory(vertx))
            .build();
    return new KubernetesOrchestrator(client, true, settings, catalog);
  }

  @Override
  public String name() {
    return "kubernetes";
  }

  @Override
  public void apply(FleetSpec spec) throws OrchestratorException {
    checkOpen();
    String name = spec.id().name();
    InstanceTypeResources resources =
        catalog
            .resources(spec.instanceType())
            .orElseThrow(
                () ->
                    OrchestratorException.permanentFailure(
                        "The instance type "
                            + spec.instanceType()
                            + " is not in this installation's instance-type catalog",
                        null));
    Deployment desired = FleetDeployment.of(spec, settings, resources);
    if (upToDate(deployments.getStore().getByKey(key(name)), desired)) {
      return;
    }
    String action = "read Deployment " + name;
    try {
      Deployment current =
          client.apps().deployments().inNamespace(settings.namespace()).withName(name).get();
      if (current == null) {
        action = "create Deployment " + name;
        client.apps().deployments().inNamespace(settings.namespace()).resource(desired).create();
        LOG.info(
            "Created Deployment {} ({} x {}) in namespace {}",
            name,
            spec.instanceCount(),
            spec.instanceType(),
            settings.namespace());
        return;
      }
      if (current.getMetadata().getDeletionTimestamp() != null) {
        throw OrchestratorException.transientFailure(
            "Deployment "
                + name
                + " in namespace \""
                + settings.namespace()
                + "\" is still being deleted; it is created again once it is gone",
            null);
      }
      if (upToDate(current, desired)) {
        return;
      }
      action = "update Deployment " + name;
      client
          .apps()
          .deployments()
          .inNamespace(settings.namespace())
          .resource(replacing(current, desired))
          .update();
      LOG.info(
          "Updated Deployment {} ({} x {}) in namespace {}",
          name,
          spec.instanceCount(),
          spec.instanceType(),
          settings.namespace());
    } catch (RuntimeException e) {
      throw KubernetesFailures.of(action, settings.namespace(), e);
    }
  }

  @Override
  public FleetStatus observe(FleetId id) throws OrchestratorException {
    checkOpen();
    requireSynced();
    Deployment deployment = deployments.getStore().getByKey(key(id.name()));
    List<Pod> fleetPods = pods.getIndexer().byIndex(FLEET_INDEX, id.name());
    if (deployment == null && fleetPods.isEmpty()) {
      return FleetStatus.absent(id);
    }
    List<InstanceState> instances =
        fleetPods.stream()
            .map(p -> PodInstances.of(p, settings.containerPort()))
            .flatMap(Optional::stream)
            .sorted(Comparator.comparing(InstanceState::name))
            .toList();
    return new FleetStatus(id, true, instances);
  }

  @Override
  public boolean remove(FleetId id) throws OrchestratorException {
    checkOpen();
    String name = id.name();
    try {
      boolean deleted =
          !client
              .apps()
              .deployments()
              .inNamespace(settings.namespace())
              .withName(name)
              .withPropagationPolicy(DeletionPropagation.BACKGROUND)
              .delete()
              .isEmpty();
      if (deleted) {
        LOG.info("Deleted Deployment {} in namespace {}", name, settings.namespace());
        return false;
      }
    } catch (RuntimeException e) {
      throw KubernetesFailures.of("delete Deployment " + name, settings.namespace(), e);
    }
    requireSynced();
    return deployments.getStore().getByKey(key(name)) == null
        && pods.getIndexer().byIndex(FLEET_INDEX, name).isEmpty();
  }

  @Override
  public Set<FleetId> fleets() throws OrchestratorException {
    checkOpen();
    requireSynced();
    return deployments.getStore().list().stream()
        .map(d -> FleetMetadata.fleetId(d.getMetadata()))
        .flatMap(Optional::stream)
        .collect(Collectors.toUnmodifiableSet());
  }

  @Override
  public void onChange(Consumer<FleetId> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    deployments.close();
    pods.close();
    if (ownsClient) {
      client.close();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("The Kubernetes orchestrator is closed");
    }
  }

  /** Fails unless both caches hold a full list of the namespace. */
  private void requireSynced() throws OrchestratorException {
    if (deployments.hasSynced() && pods.hasSynced()) {
      return;
    }
    // The permanent failure first: it is what the operator has to fix.
    OrchestratorException found = null;
    Throwable deploymentFailure = deploymentsFailure.get();
    if (!deployments.hasSynced() && deploymentFailure != null) {
      found = KubernetesFailures.of("list Deployments", settings.namespace(), deploymentFailure);
    }
    Throwable podFailure = podsFailure.get();
    if (!pods.hasSynced() && podFailure != null && (found == null || !found.permanent())) {
      OrchestratorException pods =
          KubernetesFailures.of("list pods", settings.namespace(), podFailure);
      found = found == null || pods.permanent() ? pods : found;
    }
    if (found != null) {
      throw found;
    }
    throw OrchestratorException.transientFailure(
        "Still reading the Deployments and pods of namespace \"" + settings.namespace() + "\"",
        null);
  }

  private boolean keepTrying(AtomicReference<Throwable> failure, String what, Throwable t) {
    failure.set(t);
    LOG.debug("Watching {} in namespace {} failed; retrying", what, settings.namespace(), t);
    return !closed;
  }

  private String key(String name) {
    return Cache.namespaceKeyFunc(settings.namespace(), name);
  }

  private static boolean upToDate(Deployment existing, Deployment desired) {
    return existing != null
        && existing.getMetadata().getDeletionTimestamp() == null
        && Objects.equals(hash(existing), hash(desired))
        && existing.getSpec() != null
        && Objects.equals(existing.getSpec().getReplicas(), desired.getSpec().getReplicas());
  }

  private static String hash(Deployment d) {
    Map<String, String> annotations = d.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(FleetMetadata.SPEC_HASH);
  }

  /** {@code current} with Berth's spec, labels and annotations; anything else set on it stays. */
  private static Deployment replacing(Deployment current, Deployment desired) {
    return new DeploymentBuilder(current)
        .editMetadata()
        .addToLabels(desired.getMetadata().getLabels())
        .addToAnnotations(desired.getMetadata().getAnnotations())
        .endMetadata()
        .withSpec(desired.getSpec())
        .build();
  }

  private static List<String> fleetLabel(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    String fleet = labels == null ? null : labels.get(FleetMetadata.FLEET);
    return fleet == null ? List.of() : List.of(fleet);
  }

  private void changed(HasMetadata object) {
    Optional<FleetId> id = FleetMetadata.fleetId(object.getMetadata());
    if (id.isEmpty()) {
      return;
    }
    for (Consumer<FleetId> listener : listeners) {
      try {
        listener.accept(id.get());
      } catch (RuntimeException e) {
        LOG.warn("A fleet change listener failed for {}", id.get().name(), e);
      }
    }
  }

  /** Deployments appearing, going, or changing spec or deletion state. */
  private final class DeploymentEvents implements ResourceEventHandler<Deployment> {
    @Override
    public void onAdd(Deployment d) {
      changed(d);
    }

    @Override
    public void onUpdate(Deployment before, Deployment after) {
      if (!Objects.equals(before.getMetadata().getGeneration(), after.getMetadata().getGeneration())
          || !Objects.equals(
              before.getMetadata().getDeletionTimestamp(),
              after.getMetadata().getDeletionTimestamp())) {
        changed(after);
      }
    }

    @Override
    public void onDelete(Deployment d, boolean finalStateUnknown) {
      changed(d);
    }
  }

  /** Pods appearing, going, or changing what instance they are. */
  private final class PodEvents implements ResourceEventHandler<Pod> {
    @Override
    public void onAdd(Pod pod) {
      changed(pod);
    }

    @Override
    public void onUpdate(Pod before, Pod after) {
      int port = settings.containerPort();
      if (!PodInstances.of(before, port).equals(PodInstances.of(after, port))) {
        changed(after);
      }
    }

    @Override
    public void onDelete(Pod pod, boolean finalStateUnknown) {
      changed(pod);
    }
  }
}
