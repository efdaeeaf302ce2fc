package dev.berth.controlplane.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Quota names, short keys and the {@code ResourceLimitExceeded} text (spec §3.5, §9.9). */
class QuotaTest {

  static Stream<Arguments> defaults() {
    return Stream.of(
        Arguments.of(Quota.ENDPOINTS, "Number of endpoints", "Endpoints", 100, "endpoints"),
        Arguments.of(
            Quota.ENDPOINT_CONFIGS,
            "Number of endpoint configurations",
            "EndpointConfigurations",
            1000,
            "endpoint-configs"),
        Arguments.of(Quota.MODELS, "Number of models", "Models", 1000, "models"),
        Arguments.of(
            Quota.INSTANCES_PER_ENDPOINT,
            "Number of instances per endpoint",
            "Instances",
            20,
            "instances-per-endpoint"),
        Arguments.of(
            Quota.INSTANCES,
            "Number of instances across all endpoints",
            "Instances",
            100,
            "instances"),
        Arguments.of(
            Quota.instanceType("ml.g5.xlarge"),
            "ml.g5.xlarge for endpoint usage",
            "Instances",
            20,
            "instance-type:ml.g5.xlarge"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("defaults")
  void each_quota_has_the_name_and_unit_of_the_spec(
      Quota quota, String name, String unit, long defaultValue, String shortKey) {
    assertThat(quota.name()).isEqualTo(name);
    assertThat(quota.unit()).isEqualTo(unit);
    assertThat(quota.shortKey()).isEqualTo(shortKey);
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("defaults")
  void the_short_key_and_the_full_name_both_parse_back_to_the_quota(
      Quota quota, String name, String unit, long defaultValue, String shortKey) {
    assertThat(Quota.parse(quota.shortKey())).contains(quota);
    assertThat(Quota.parse(quota.name())).contains(quota);
  }

  @ParameterizedTest
  @CsvSource({
    "endpoints, Number of endpoints",
    "ENDPOINTS, Number of endpoints",
    "'  models ', Number of models",
    "number of ENDPOINT configurations, Number of endpoint configurations",
    "Instances-Per-Endpoint, Number of instances per endpoint",
    "NUMBER OF INSTANCES ACROSS ALL ENDPOINTS, Number of instances across all endpoints"
  })
  void fixed_quotas_parse_in_any_case_and_with_surrounding_blanks(String text, String name) {
    assertThat(Quota.parse(text)).hasValueSatisfying(q -> assertThat(q.name()).isEqualTo(name));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "instance-type:ml.g5.xlarge",
        "INSTANCE-TYPE:ml.g5.xlarge",
        "ml.g5.xlarge for endpoint usage",
        "ml.g5.xlarge FOR ENDPOINT USAGE",
        " ml.g5.xlarge for endpoint usage "
      })
  void an_instance_type_quota_parses_from_its_key_or_its_name(String text) {
    assertThat(Quota.parse(text)).contains(Quota.instanceType("ml.g5.xlarge"));
  }

  @Test
  void an_instance_type_quota_keeps_the_type_it_names() {
    assertThat(Quota.parse("instance-type:ml.p4d.24xlarge"))
        .hasValueSatisfying(
            q -> {
              assertThat(q.name()).isEqualTo("ml.p4d.24xlarge for endpoint usage");
              assertThat(q.shortKey()).isEqualTo("instance-type:ml.p4d.24xlarge");
            });
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "   ",
        "endpoint",
        "number of widgets",
        "instance-type",
        "instance-type:",
        "instance-type:g5.xlarge",
        "g5.xlarge for endpoint usage",
        "for endpoint usage",
        // Instance types are lower case; an upper-case one would name a quota nothing consults.
        "instance-type:ML.G5.XLARGE",
        "instance-type:ml.G5.xlarge",
        "ML.G5.XLARGE for endpoint usage",
        "ml.G5.xlarge for endpoint usage",
        "instance-type:ml.",
        "ml. for endpoint usage"
      })
  void junk_names_no_quota(String text) {
    assertThat(Quota.parse(text)).isEmpty();
  }

  @Test
  void the_exceeded_message_for_an_instance_type_has_the_wording_of_the_spec() {
    assertThat(Quota.instanceType("ml.m4.xlarge").exceededMessage(0, 0, 1))
        .isEqualTo(
            "The account-level service limit 'ml.m4.xlarge for endpoint usage' is 0 Instances,"
                + " with current utilization of 0 Instances and a request delta of 1 Instances."
                + " Please use 'berth quotas set' to request an increase for this quota.");
  }

  @Test
  void the_exceeded_message_uses_the_quota_unit_for_every_number() {
    assertThat(Quota.ENDPOINTS.exceededMessage(100, 100, 1))
        .isEqualTo(
            "The account-level service limit 'Number of endpoints' is 100 Endpoints, with current"
                + " utilization of 100 Endpoints and a request delta of 1 Endpoints. Please use"
                + " 'berth quotas set' to request an increase for this quota.");
    assertThat(Quota.ENDPOINT_CONFIGS.exceededMessage(1000, 999, 2))
        .contains("is 1000 EndpointConfigurations, with current utilization of 999")
        .contains("a request delta of 2 EndpointConfigurations.");
  }
}
