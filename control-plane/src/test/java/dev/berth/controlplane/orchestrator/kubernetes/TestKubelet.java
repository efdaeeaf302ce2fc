package dev.berth.controlplane.orchestrator.kubernetes;

import dev.berth.controlplane.orchestrator.FleetId;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Plays the ReplicaSet controller and the kubelet against Fabric8's mock server, which has neither:
 * for each Deployment it creates or deletes pods to match its replicas (with the template's labels
 * and annotations, an owner reference and an IP), deletes the pods of Deployments that are gone,
 * and gives each fleet's pods the status of the {@link Behaviour} the test chose: for the fleet
 * itself, else for the newest rule on an annotation its pods carry (the endpoint's or the endpoint
 * configuration's name), else {@link Behaviour#STARTING}.
 *
 * <p>Usage: {@code kubelet.behave(fleetId, Behaviour.READY)} or {@code
 * kubelet.behaveWhere(TestKubelet.ENDPOINT_NAME, "my-endpoint", Behaviour.READY)}; all changes
 * happen on one thread, driven by Deployment events.
 */
public final class TestKubelet implements AutoCloseable {
  /** The annotation with the endpoint's name, on every Deployment and pod of its fleets. */
  public static final String ENDPOINT_NAME = FleetMetadata.ENDPOINT_NAME;

  /** The annotation with the endpoint configuration's name. */
  public static final String CONFIG_NAME = FleetMetadata.CONFIG_NAME;

  /** What a fleet's pods do. */
  public enum Behaviour {
    /** Scheduled, running, not ready yet (the default). */
    STARTING,
    /** Ready. */
    READY,
    /** Exits at once, restarted 5 times, in back-off. */
    CRASH_LOOPING,
    /** The runtime exited because its model cannot be loaded, with the reason, and restarted. */
    MODEL_FAILED,
    /** Its image cannot be pulled. */
    IMAGE_PULL_FAILED,
    /** No node has room. */
    UNSCHEDULABLE
  }

  /** The last log line of a {@link Behaviour#CRASH_LOOPING} container. */
  public static final String CRASH_MESSAGE =
      "Exception in thread \"main\" java.lang.IllegalStateException: boom";

  /** The scheduler's message for an {@link Behaviour#UNSCHEDULABLE} pod. */
  public static final String UNSCHEDULABLE_MESSAGE =
      "0/3 nodes are available: 3 Insufficient nvidia.com/gpu. preemption: 0/3 nodes are available";

  /** The reason a {@link Behaviour#MODEL_FAILED} runtime gives. */
  public static final String MODEL_FAILURE = "no model file in s3://models/resnet/model.tar.gz";

  private final KubernetesClient client;
  private final String namespace;
  private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
  // Annotation rules, "<annotation>=<value>" to behaviour, oldest first.
  private final Map<String, Behaviour> rules = new LinkedHashMap<>();
  private final ExecutorService worker = Executors.newSingleThreadExecutor();
  private final AtomicInteger pods = new AtomicInteger();
  private final List<Throwable> failures = new CopyOnWriteArrayList<>();
  private final SharedIndexInformer<Deployment> informer;

  /** Starts watching the Deployments of {@code namespace}. */
  public TestKubelet(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
    this.informer =
        client
            .apps()
            .deployments()
            .inNamespace(namespace)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Deployment d) {
                    submit(TestKubelet.this::syncAll);
                  }

                  @Override
                  public void onUpdate(Deployment before, Deployment after) {
                    submit(TestKubelet.this::syncAll);
                  }

                  @Override
                  public void onDelete(Deployment d, boolean unknown) {
                    submit(TestKubelet.this::syncAll);
                  }
                });
  }

  /** Gives the fleet's pods, present and future, this behaviour. */
  public void behave(FleetId fleet, Behaviour behaviour) {
    behaviours.put(fleet.name(), behaviour);
    submit(() -> restatus(podsOf(fleet.name())));
  }

  /**
   * Gives the pods, present and future, whose {@code annotation} is {@code value} this behaviour,
   * unless their fleet has its own ({@link #behave}); the newest matching rule wins.
   */
  public void behaveWhere(String annotation, String value, Behaviour behaviour) {
    String key = annotation + "=" + value;
    synchronized (rules) {
      rules.remove(key);
      rules.put(key, behaviour);
    }
    submit(
        () ->
            restatus(
                client.pods().inNamespace(namespace).list().getItems().stream()
                    .filter(p -> value.equals(annotations(p.getMetadata()).get(annotation)))
                    .toList()));
  }

  /** Anything that went wrong on the kubelet's thread (a test should see none). */
  public List<Throwable> failures() {
    return failures;
  }

  /** Stops watching; pods and Deployments stay as they are. */
  @Override
  public void close() throws InterruptedException {
    informer.close();
    worker.shutdown();
    worker.awaitTermination(5, TimeUnit.SECONDS);
  }

  private void submit(Runnable task) {
    worker.execute(
        () -> {
          try {
            task.run();
          } catch (RuntimeException e) {
            failures.add(e);
          }
        });
  }

  private void restatus(List<Pod> pods) {
    for (Pod pod : pods) {
      Behaviour behaviour = behaviourOf(pod.getMetadata());
      client
          .pods()
          .inNamespace(namespace)
          .withName(pod.getMetadata().getName())
          .editStatus(p -> new PodBuilder(p).withStatus(status(behaviour, p)).build());
    }
  }

  /** The behaviour of a pod or of the pods of a Deployment's template, by {@code meta}. */
  private Behaviour behaviourOf(ObjectMeta meta) {
    String fleet = meta.getLabels() == null ? null : meta.getLabels().get(FleetMetadata.FLEET);
    Behaviour own = fleet == null ? null : behaviours.get(fleet);
    if (own != null) {
      return own;
    }
    Map<String, String> annotations = annotations(meta);
    Behaviour chosen = Behaviour.STARTING;
    synchronized (rules) {
      for (Map.Entry<String, Behaviour> rule : rules.entrySet()) {
        int eq = rule.getKey().indexOf('=');
        String value = annotations.get(rule.getKey().substring(0, eq));
        if (rule.getKey().substring(eq + 1).equals(value)) {
          chosen = rule.getValue(); // later rules are newer: the last match wins
        }
      }
    }
    return chosen;
  }

  private static Map<String, String> annotations(ObjectMeta meta) {
    return meta.getAnnotations() == null ? Map.of() : meta.getAnnotations();
  }

  private void syncAll() {
    List<Deployment> deployments =
        client.apps().deployments().inNamespace(namespace).list().getItems();
    Set<String> names =
        deployments.stream().map(d -> d.getMetadata().getName()).collect(Collectors.toSet());
    deployments.forEach(this::sync);
    // The garbage collector: pods whose Deployment is gone.
    for (Pod pod : client.pods().inNamespace(namespace).list().getItems()) {
      String fleet = pod.getMetadata().getLabels().get(FleetMetadata.FLEET);
      if (!names.contains(fleet)) {
        client.pods().inNamespace(namespace).resource(pod).delete();
      }
    }
  }

  private void sync(Deployment d) {
    String fleet = d.getMetadata().getName();
    List<Pod> existing = podsOf(fleet);
    int want = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    for (int i = existing.size(); i < want; i++) {
      create(d);
    }
    for (int i = want; i < existing.size(); i++) {
      client.pods().inNamespace(namespace).resource(existing.get(i)).delete();
    }
  }

  private List<Pod> podsOf(String fleet) {
    return client
        .pods()
        .inNamespace(namespace)
        .withLabel(FleetMetadata.FLEET, fleet)
        .list()
        .getItems()
        .stream()
        .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
        .toList();
  }

  private void create(Deployment d) {
    int n = pods.incrementAndGet();
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(d.getMetadata().getName() + "-" + String.format("%05d", n))
            .withNamespace(namespace)
            .withLabels(d.getSpec().getTemplate().getMetadata().getLabels())
            .withAnnotations(d.getSpec().getTemplate().getMetadata().getAnnotations())
            .addNewOwnerReference()
            .withApiVersion("apps/v1")
            .withKind("Deployment")
            .withName(d.getMetadata().getName())
            .withUid(d.getMetadata().getUid())
            .withController(true)
            .endOwnerReference()
            .endMetadata()
            .withSpec(d.getSpec().getTemplate().getSpec())
            .build();
    pod.setStatus(status(behaviourOf(pod.getMetadata()), pod));
    client.pods().inNamespace(namespace).resource(pod).create();
  }

  /** The status a pod shows for a behaviour; an IP stays the pod's once it has one. */
  private PodStatus status(Behaviour behaviour, Pod pod) {
    String ip =
        pod.getStatus() != null && pod.getStatus().getPodIP() != null
            ? pod.getStatus().getPodIP()
            : "10.0." + (pods.get() / 250) + "." + (pods.get() % 250 + 1);
    PodCondition scheduled = condition("PodScheduled", "True", null, null);
    PodCondition notReady = condition("Ready", "False", "ContainersNotReady", "not ready");
    ContainerStatusBuilder container =
        new ContainerStatusBuilder()
            .withName(FleetDeployment.CONTAINER)
            .withImage(pod.getSpec().getContainers().get(0).getImage())
            .withRestartCount(0)
            .withReady(false);
    return switch (behaviour) {
      case STARTING ->
          running(
              ip,
              container.withNewState().withNewRunning().endRunning().endState().build(),
              scheduled,
              notReady);
      case READY ->
          running(
              ip,
              container
                  .withReady(true)
                  .withNewState()
                  .withNewRunning()
                  .endRunning()
                  .endState()
                  .build(),
              scheduled,
              condition("Ready", "True", null, null));
      case CRASH_LOOPING ->
          running(
              ip,
              container
                  .withRestartCount(5)
                  .withNewState()
                  .withNewWaiting()
                  .withReason("CrashLoopBackOff")
                  .withMessage("back-off 2m40s restarting failed container=model")
                  .endWaiting()
                  .endState()
                  .withNewLastState()
                  .withNewTerminated()
                  .withExitCode(1)
                  .withReason("Error")
                  .withMessage("starting the runtime\n" + CRASH_MESSAGE + "\n")
                  .endTerminated()
                  .endLastState()
                  .build(),
              scheduled,
              notReady);
      case MODEL_FAILED ->
          running(
              ip,
              container
                  .withRestartCount(1)
                  .withNewState()
                  .withNewRunning()
                  .endRunning()
                  .endState()
                  .withNewLastState()
                  .withNewTerminated()
                  .withExitCode(1)
                  .withReason("Error")
                  // What the runtime writes to its termination log before it exits.
                  .withMessage(PodInstances.MODEL_FAILURE_MARKER + MODEL_FAILURE)
                  .endTerminated()
                  .endLastState()
                  .build(),
              scheduled,
              notReady);
      case IMAGE_PULL_FAILED ->
          new PodStatusBuilder()
              .withPhase("Pending")
              .withPodIP(ip)
              .withConditions(scheduled, notReady)
              .withContainerStatuses(
                  container
                      .withNewState()
                      .withNewWaiting()
                      .withReason("ImagePullBackOff")
                      .withMessage("Back-off pulling image \"" + container.getImage() + "\"")
                      .endWaiting()
                      .endState()
                      .build())
              .build();
      case UNSCHEDULABLE ->
          new PodStatusBuilder()
              .withPhase("Pending")
              .withConditions(
                  condition("PodScheduled", "False", "Unschedulable", UNSCHEDULABLE_MESSAGE))
              .build();
    };
  }

  private static PodStatus running(String ip, ContainerStatus container, PodCondition... cs) {
    return new PodStatusBuilder()
        .withPhase("Running")
        .withPodIP(ip)
        .withConditions(cs)
        .withContainerStatuses(container)
        .build();
  }

  private static PodCondition condition(String type, String status, String reason, String msg) {
    return new PodConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(msg)
        .build();
  }
}
