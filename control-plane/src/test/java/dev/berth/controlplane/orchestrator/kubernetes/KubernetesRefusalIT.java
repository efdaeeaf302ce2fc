package dev.berth.controlplane.orchestrator.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.berth.controlplane.orchestrator.FleetSpec;
import dev.berth.controlplane.orchestrator.InstanceTypeCatalog;
import dev.berth.controlplane.orchestrator.OrchestratorException;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the orchestrator makes of an API server that refuses: Fabric8's mock server in expectation
 * mode answers the requests each test names; anything else is a 404.
 */
@EnableKubernetesMockClient(https = false)
class KubernetesRefusalIT {
  private static final String NAMESPACE = "models";
  private static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/models/deployments";
  private static final FleetSpec SPEC = FleetSpecs.runtime(1, "AllTraffic", "ml.m5.large", 1);

  KubernetesMockServer server;
  KubernetesClient client;

  private KubernetesClient noRetries;
  private KubernetesOrchestrator orchestrator;

  @BeforeEach
  void start() {
    // Fabric8 itself retries server errors (10 times, ~20 s); this client does not, to keep the
    // tests short.
    noRetries =
        server.createClient(
            b ->
                b.withConfig(
                    new ConfigBuilder(client.getConfiguration())
                        .withRequestRetryBackoffLimit(0)
                        .build()));
    orchestrator =
        new KubernetesOrchestrator(
            noRetries, KubernetesSettings.of(NAMESPACE), InstanceTypeCatalog.defaults());
  }

  @AfterEach
  void stop() {
    orchestrator.close();
    noRetries.close();
  }

  private static Status status(int code, String reason, String message, String kind) {
    return new StatusBuilder()
        .withStatus("Failure")
        .withCode(code)
        .withReason(reason)
        .withMessage(message)
        .withNewDetails()
        .withKind(kind)
        .endDetails()
        .build();
  }

  @Test
  void anRbacRefusalIsPermanentAndSaysWhatToCheck() {
    String forbidden =
        "deployments.apps is forbidden: User \"system:serviceaccount:berth:berth\" cannot create"
            + " resource \"deployments\" in API group \"apps\" in the namespace \"models\"";
    server
        .expect()
        .post()
        .withPath(DEPLOYMENTS)
        .andReturn(403, status(403, "Forbidden", forbidden, "deployments"))
        .once();

    assertThatThrownBy(() -> orchestrator.apply(SPEC))
        .isInstanceOfSatisfying(
            OrchestratorException.class, e -> assertThat(e.permanent()).isTrue())
        .hasMessage(
            "Kubernetes refused to create Deployment "
                + SPEC.id().name()
                + " in namespace \"models\": "
                + forbidden
                + " (check the Role of the control plane's service account)");
  }

  @Test
  void aMissingNamespaceIsPermanent() {
    server
        .expect()
        .post()
        .withPath(DEPLOYMENTS)
        .andReturn(404, status(404, "NotFound", "namespaces \"models\" not found", "namespaces"))
        .once();

    assertThatThrownBy(() -> orchestrator.apply(SPEC))
        .isInstanceOfSatisfying(
            OrchestratorException.class, e -> assertThat(e.permanent()).isTrue())
        .hasMessage(
            "Kubernetes cannot create Deployment "
                + SPEC.id().name()
                + ": the namespace \"models\" does not exist (create it, or configure another)");
  }

  @Test
  void serverErrorsAreTransient() {
    server
        .expect()
        .post()
        .withPath(DEPLOYMENTS)
        .andReturn(500, status(500, "InternalError", "etcdserver: request timed out", null))
        .once();
    assertThatThrownBy(() -> orchestrator.apply(SPEC))
        .isInstanceOfSatisfying(
            OrchestratorException.class, e -> assertThat(e.permanent()).isFalse())
        .hasMessage(
            "Kubernetes could not create Deployment "
                + SPEC.id().name()
                + " in namespace \"models\" for now: etcdserver: request timed out");
  }

  @Test
  void aConflictIsTransient() {
    server
        .expect()
        .post()
        .withPath(DEPLOYMENTS)
        .andReturn(409, status(409, "AlreadyExists", "deployments.apps already exists", null))
        .once();
    assertThatThrownBy(() -> orchestrator.apply(SPEC))
        .isInstanceOfSatisfying(
            OrchestratorException.class, e -> assertThat(e.permanent()).isFalse());
  }

  @Test
  void aForbiddenWatchMakesObservePermanentlyFail() {
    // Nothing answers the informers' lists here but 404s; the first answer we script is a 403.
    server
        .expect()
        .get()
        .withPath(
            "/api/v1/namespaces/models/pods?labelSelector=app.kubernetes.io%2Fmanaged-by%3Dberth"
                + "&resourceVersion=0")
        .andReturn(403, status(403, "Forbidden", "pods is forbidden: cannot list pods", "pods"))
        .always();
    try (KubernetesOrchestrator refused =
        new KubernetesOrchestrator(
            noRetries, KubernetesSettings.of(NAMESPACE), InstanceTypeCatalog.defaults())) {
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThatThrownBy(() -> refused.observe(SPEC.id()))
                      .isInstanceOfSatisfying(
                          OrchestratorException.class, e -> assertThat(e.permanent()).isTrue())
                      .hasMessageContaining(
                          "Kubernetes refused to list pods in namespace \"models\"")
                      .hasMessageContaining("pods is forbidden"));
    }
  }
}
