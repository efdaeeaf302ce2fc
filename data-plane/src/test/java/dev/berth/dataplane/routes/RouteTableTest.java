package dev.berth.dataplane.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteTableTest {
  private static final String ACCOUNT = "111122223333";

  private static RouteRow row(
      long endpoint,
      long config,
      String variant,
      String name,
      double share,
      double weight,
      List<String> instances) {
    return new RouteRow(
        endpoint,
        config,
        variant,
        ACCOUNT,
        "us-east-1",
        name,
        share,
        weight,
        RoutingStrategy.LEAST_OUTSTANDING_REQUESTS,
        false,
        false,
        instances);
  }

  @Test
  void findsEndpointsByExactNameAccountAndRegion() {
    RouteTable table =
        RouteTable.EMPTY.rebuiltFrom(
            List.of(row(1, 10, "AllTraffic", "My-Endpoint", 1, 1, List.of("127.0.0.1:9000"))));

    assertThat(table.find(ACCOUNT, "us-east-1", "My-Endpoint")).isNotNull();
    assertThat(table.find(ACCOUNT, "us-east-1", "my-endpoint")).isNull();
    assertThat(table.find("999999999999", "us-east-1", "My-Endpoint")).isNull();
    assertThat(table.find(ACCOUNT, "eu-west-1", "My-Endpoint")).isNull();
  }

  @Test
  void picksVariantsByWeight() {
    RouteTable table =
        RouteTable.EMPTY.rebuiltFrom(
            List.of(
                row(1, 10, "A", "ep", 1, 9, List.of("127.0.0.1:9000")),
                row(1, 10, "B", "ep", 1, 1, List.of("127.0.0.1:9001"))));
    EndpointRoute endpoint = table.find(ACCOUNT, "us-east-1", "ep");

    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      counts.merge(endpoint.pickVariant().variantName(), 1, Integer::sum);
    }

    assertThat(counts.get("A") / 20_000.0).isBetween(0.88, 0.92);
    assertThat(endpoint.pickVariant("B").variantName()).isEqualTo("B");
    assertThat(endpoint.pickVariant("b")).isNull();
  }

  @Test
  void splitsATargetVariantBetweenTheGenerationsOfABlueGreenUpdate() {
    RouteTable table =
        RouteTable.EMPTY.rebuiltFrom(
            List.of(
                row(1, 10, "AllTraffic", "ep", 0.75, 1, List.of("127.0.0.1:9000")),
                row(1, 11, "AllTraffic", "ep", 0.25, 1, List.of("127.0.0.1:9001"))));
    EndpointRoute endpoint = table.find(ACCOUNT, "us-east-1", "ep");

    int newGeneration = 0;
    for (int i = 0; i < 10_000; i++) {
      if (endpoint.pickVariant("AllTraffic").configId() == 11) {
        newGeneration++;
      }
    }

    assertThat(newGeneration / 10_000.0).isBetween(0.22, 0.28);
  }

  @Test
  void aPartialReloadReplacesOnlyTheEndpointsNamedAndKeepsInstanceCounts() {
    RouteTable table =
        RouteTable.EMPTY.rebuiltFrom(
            List.of(
                row(1, 10, "A", "one", 1, 1, List.of("127.0.0.1:9000")),
                row(2, 20, "A", "two", 1, 1, List.of("127.0.0.1:9001"))));
    Instance kept = table.find(ACCOUNT, "us-east-1", "one").variants().get(0).instances().get(0);
    assertThat(kept.tryAcquire(10)).isTrue();

    RouteTable next =
        table.replacing(
            Set.of(1L, 2L),
            List.of(row(1, 10, "A", "one", 1, 1, List.of("127.0.0.1:9000", "127.0.0.1:9002"))));

    assertThat(next.find(ACCOUNT, "us-east-1", "two")).isNull();
    List<Instance> instances = next.find(ACCOUNT, "us-east-1", "one").variants().get(0).instances();
    assertThat(instances).hasSize(2);
    assertThat(instances.get(0)).isSameAs(kept);
    assertThat(instances.get(0).outstanding()).isEqualTo(1);
  }

  @Test
  void shadowVariantsAreKeptApartFromTheVariantsThatAnswer() {
    RouteRow shadow =
        new RouteRow(
            1,
            10,
            "Shadow",
            ACCOUNT,
            "us-east-1",
            "ep",
            1,
            1,
            RoutingStrategy.RANDOM,
            false,
            true,
            List.of("127.0.0.1:9005"));
    RouteTable table =
        RouteTable.EMPTY.rebuiltFrom(
            List.of(row(1, 10, "A", "ep", 1, 1, List.of("127.0.0.1:9000")), shadow));
    EndpointRoute endpoint = table.find(ACCOUNT, "us-east-1", "ep");

    assertThat(endpoint.variants()).extracting(VariantRoute::variantName).containsExactly("A");
    assertThat(endpoint.shadows()).extracting(VariantRoute::variantName).containsExactly("Shadow");
  }
}
