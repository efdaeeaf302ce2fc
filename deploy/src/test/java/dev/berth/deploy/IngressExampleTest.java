package dev.berth.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/examples/ingress.yaml}: one host for both SageMaker APIs, each path to the Service
 * and port that serves it in the rendered cpu overlay.
 */
class IngressExampleTest {
  @Test
  void invocationsGoToTheDataPlaneAndEverythingElseToTheControlPlane() {
    Manifests m = Manifests.render("cpu");
    Ingress ingress =
        Serialization.unmarshal(
            OverlaysTest.readDeployFile("examples/ingress.yaml"), Ingress.class);
    assertThat(ingress.getMetadata().getNamespace()).isEqualTo(Manifests.BERTH_NAMESPACE);
    List<HTTPIngressPath> paths = ingress.getSpec().getRules().get(0).getHttp().getPaths();

    assertThat(paths)
        .extracting(HTTPIngressPath::getPath, p -> p.getBackend().getService().getName())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("/endpoints/", Manifests.DATA_PLANE),
            org.assertj.core.groups.Tuple.tuple("/", Manifests.CONTROL_PLANE));
    for (HTTPIngressPath path : paths) {
      var backend = path.getBackend().getService();
      Service service = m.one(Service.class, Manifests.BERTH_NAMESPACE, backend.getName());
      assertThat(service.getSpec().getPorts())
          .anySatisfy(p -> assertThat(p.getName()).isEqualTo(backend.getPort().getName()));
    }
  }
}
