package dev.berth.dataplane.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class VariantRouteTest {
  private static VariantRoute variant(RoutingStrategy strategy, Instance... instances) {
    return new VariantRoute("A", 1, 1, strategy, false, List.of(instances));
  }

  @Test
  void leastOutstandingRequestsPrefersTheLessBusyOfTwo() {
    Instance busy = Instance.at("127.0.0.1:9000");
    Instance idle = Instance.at("127.0.0.1:9001");
    for (int i = 0; i < 5; i++) {
      busy.tryAcquire(100);
    }
    VariantRoute route = variant(RoutingStrategy.LEAST_OUTSTANDING_REQUESTS, busy, idle);

    for (int i = 0; i < 100; i++) {
      Instance picked = route.acquireInstance(null, 100);
      assertThat(picked).isSameAs(idle);
      picked.release();
    }
  }

  @Test
  void avoidsBenchedAndFailedInstancesAndRefusesWhenAllAreFull() {
    Instance dead = Instance.at("127.0.0.1:9000");
    Instance alive = Instance.at("127.0.0.1:9001");
    dead.bench();
    VariantRoute route = variant(RoutingStrategy.RANDOM, dead, alive);

    for (int i = 0; i < 50; i++) {
      Instance picked = route.acquireInstance(null, 2);
      assertThat(picked).isSameAs(alive);
      picked.release();
    }
    assertThat(route.acquireInstance(alive, 2)).isNull();

    assertThat(route.acquireInstance(null, 2)).isSameAs(alive);
    assertThat(route.acquireInstance(null, 2)).isSameAs(alive);
    assertThat(route.acquireInstance(null, 2)).as("both slots taken").isNull();
    assertThat(alive.outstanding()).isEqualTo(2);
  }

  @Test
  void parsesIpv6Addresses() {
    Instance instance = Instance.at("[::1]:8080");

    assertThat(instance.socketAddress().getPort()).isEqualTo(8080);
    assertThat(instance.socketAddress().getAddress().isLoopbackAddress()).isTrue();
  }
}
