package dev.berth.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The desired fleet of an endpoint configuration, and the instance counts quotas are taken on. */
class FleetTest {
  /**
   * A configuration as {@code EndpointConfigOperations.definition} hands it over (weights filled
   * in). Fleet does not check which variants may be combined; CreateEndpointConfig does.
   */
  private static final JsonNode CONFIG =
      WireJson.readRequest(
          """
          {"EndpointConfigName": "cfg",
           "ProductionVariants": [
             {"VariantName": "AllTraffic", "ModelName": "m1", "InstanceType": "ml.g5.xlarge",
              "InitialInstanceCount": 2, "InitialVariantWeight": 1.0},
             {"VariantName": "Canary", "ModelName": "m2", "InstanceType": "ml.m5.large",
              "InitialInstanceCount": 1, "InitialVariantWeight": 0.25},
             {"VariantName": "Serverless", "ModelName": "m3",
              "ServerlessConfig": {"MemorySizeInMB": 2048, "MaxConcurrency": 5},
              "InitialVariantWeight": 0.5}
           ],
           "ShadowProductionVariants": [
             {"VariantName": "Shadow", "ModelName": "m4", "InstanceType": "ml.g5.xlarge",
              "InitialInstanceCount": 3, "InitialVariantWeight": 1.0}
           ]}
          """
              .getBytes(StandardCharsets.UTF_8));

  @Test
  void the_desired_fleet_lists_production_then_shadow_variants_in_configuration_order() {
    Fleet fleet = Fleet.desiredBy(CONFIG);

    assertThat(fleet.variants())
        .extracting(v -> v.path("VariantName").asText())
        .containsExactly("AllTraffic", "Canary", "Serverless", "Shadow");
  }

  @Test
  void an_instance_variant_wants_its_initial_count_and_weight_with_nothing_launched_yet() {
    JsonNode v = Fleet.desiredBy(CONFIG).variant("Canary");

    assertThat(v.path("InstanceType").asText()).isEqualTo("ml.m5.large");
    assertThat(v.path("DesiredInstanceCount").asInt()).isEqualTo(1);
    assertThat(v.path("CurrentInstanceCount").asInt()).isZero();
    assertThat(v.path("DesiredWeight").floatValue()).isEqualTo(0.25f);
    assertThat(v.path("CurrentWeight").floatValue()).isZero();
    assertThat(v.has("Shadow")).isFalse();
    assertThat(v.has("DesiredServerlessConfig")).isFalse();
  }

  @Test
  void a_serverless_variant_wants_its_serverless_config_and_no_instances() {
    JsonNode v = Fleet.desiredBy(CONFIG).variant("Serverless");

    assertThat(v.get("DesiredServerlessConfig"))
        .isEqualTo(CONFIG.get("ProductionVariants").get(2).get("ServerlessConfig"));
    assertThat(v.has("InstanceType")).isFalse();
    assertThat(v.has("DesiredInstanceCount")).isFalse();
    assertThat(v.path("DesiredWeight").floatValue()).isEqualTo(0.5f);
  }

  @Test
  void a_shadow_variant_is_marked_as_one() {
    JsonNode v = Fleet.desiredBy(CONFIG).variant("Shadow");

    assertThat(v.path("Shadow").asBoolean()).isTrue();
    assertThat(v.path("DesiredInstanceCount").asInt()).isEqualTo(3);
  }

  @Test
  void an_instance_variant_without_a_count_wants_one_instance() {
    JsonNode config =
        WireJson.readRequest(
            """
            {"ProductionVariants": [{"VariantName": "v", "InstanceType": "ml.c5.large",
                                     "InitialVariantWeight": 1.0}]}
            """
                .getBytes(StandardCharsets.UTF_8));

    Fleet fleet = Fleet.desiredBy(config);

    assertThat(fleet.variant("v").path("DesiredInstanceCount").asInt()).isEqualTo(1);
    assertThat(fleet.instances()).isEqualTo(1);
  }

  @Test
  void instances_count_every_desired_instance_including_shadows_and_no_serverless_ones() {
    assertThat(Fleet.desiredBy(CONFIG).instances()).isEqualTo(2 + 1 + 3);
  }

  @Test
  void instances_by_type_add_up_variants_of_one_type() {
    assertThat(Fleet.desiredBy(CONFIG).instancesByType())
        .containsExactlyInAnyOrderEntriesOf(Map.of("ml.g5.xlarge", 5L, "ml.m5.large", 1L));
  }

  @Test
  void a_configuration_without_variants_wants_nothing() {
    Fleet fleet = Fleet.desiredBy(WireJson.object());

    assertThat(fleet.variants()).isEmpty();
    assertThat(fleet.instances()).isZero();
    assertThat(fleet.instancesByType()).isEmpty();
  }

  @Test
  void variants_are_found_by_their_exact_name() {
    Fleet fleet = Fleet.desiredBy(CONFIG);

    assertThat(fleet.variant("AllTraffic")).isNotNull();
    assertThat(fleet.variant("alltraffic")).isNull();
    assertThat(fleet.variant("Missing")).isNull();
  }

  @Test
  void a_fleet_round_trips_through_storage() {
    Fleet fleet = Fleet.desiredBy(CONFIG);

    Fleet stored = Fleet.parse(fleet.toJson());

    // Compared as text: a float weight reads back as a double node, the same number.
    assertThat(stored.toJson()).isEqualTo(fleet.toJson());
    assertThat(stored.variant("Canary").path("DesiredWeight").floatValue()).isEqualTo(0.25f);
    assertThat(stored.instances()).isEqualTo(6);
    assertThat(stored.instancesByType()).isEqualTo(fleet.instancesByType());
    assertThat(Fleet.parse(null).variants()).isEmpty();
  }
}
