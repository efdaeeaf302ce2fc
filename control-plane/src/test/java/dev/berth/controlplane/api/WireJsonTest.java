package dev.berth.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.berth.awswire.error.AwsErrorCode;
import dev.berth.awswire.error.AwsServiceException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Timestamps and request bodies as the SageMaker JSON 1.1 wire carries them (spec §1.1). */
class WireJsonTest {
  /** The real DescribeEndpoint example of spec §1.1: {@code "CreationTime": 1529870369.986}. */
  private static final Instant EXAMPLE = Instant.parse("2018-06-24T19:59:29.986Z");

  private static JsonNode parse(String json) {
    return WireJson.readRequest(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void a_timestamp_is_written_as_epoch_seconds_with_milliseconds() {
    String json =
        WireJson.write(WireJson.object().set("CreationTime", WireJson.timestamp(EXAMPLE)));

    assertThat(json).isEqualTo("{\"CreationTime\":1529870369.986}");
  }

  @Test
  void a_timestamp_is_a_json_number_never_a_string() {
    JsonNode node = WireJson.timestamp(EXAMPLE);

    assertThat(node.isNumber()).isTrue();
    assertThat(node.isTextual()).isFalse();
  }

  @Test
  void whole_seconds_keep_three_decimals_and_sub_milliseconds_are_dropped() {
    assertThat(WireJson.write(WireJson.timestamp(Instant.ofEpochSecond(1529870369))))
        .isEqualTo("1529870369.000");
    assertThat(WireJson.write(WireJson.timestamp(EXAMPLE.plusNanos(999_999))))
        .isEqualTo("1529870369.986");
  }

  @Test
  void a_written_timestamp_reads_back_to_the_same_instant() {
    JsonNode read = parse(WireJson.write(WireJson.object().set("T", WireJson.timestamp(EXAMPLE))));

    assertThat(WireJson.readTimestamp(read.get("T"))).isEqualTo(EXAMPLE);
  }

  @Test
  void integer_seconds_as_botocore_sends_them_are_read() {
    assertThat(WireJson.readTimestamp(parse("{\"T\": 1529870369}").get("T")))
        .isEqualTo(Instant.ofEpochSecond(1529870369));
    assertThat(WireJson.readTimestamp(IntNode.valueOf(0))).isEqualTo(Instant.EPOCH);
    assertThat(WireJson.readTimestamp(LongNode.valueOf(4102444800L)))
        .isEqualTo(Instant.parse("2100-01-01T00:00:00Z"));
  }

  @Test
  void fractional_seconds_as_sdk_v2_sends_them_are_read_to_the_millisecond() {
    assertThat(WireJson.readTimestamp(parse("{\"T\": 1529870369.986}").get("T")))
        .isEqualTo(EXAMPLE);
    assertThat(WireJson.readTimestamp(parse("{\"T\": 1529870369.5}").get("T")))
        .isEqualTo(Instant.ofEpochMilli(1529870369500L));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2018-06-24T19:59:29.986Z", "2018-06-24T19:59:29.986000Z"})
  void an_iso_8601_string_is_read_leniently(String text) {
    assertThat(WireJson.readTimestamp(TextNode.valueOf(text))).isEqualTo(EXAMPLE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"yesterday", "", "2018-06-24", "2018-06-24 19:59:29"})
  void a_string_that_is_no_timestamp_is_a_serialization_exception(String text) {
    assertThatThrownBy(() -> WireJson.readTimestamp(TextNode.valueOf(text)))
        .isInstanceOfSatisfying(
            AwsServiceException.class,
            e -> {
              assertThat(e.error().code()).isEqualTo(AwsErrorCode.SERIALIZATION_EXCEPTION);
              assertThat(e.error().message()).isEqualTo("Timestamp '" + text + "' is not valid.");
            });
  }

  @Test
  void an_empty_body_reads_as_an_empty_object() {
    JsonNode node = WireJson.readRequest(new byte[0]);

    assertThat(node.isObject()).isTrue();
    assertThat(node).isEmpty();
  }

  @Test
  void a_json_body_reads_as_its_tree() {
    JsonNode node = parse("{\"EndpointName\": \"Ep-1\", \"Tags\": [{\"Key\": \"k\"}]}");

    assertThat(node.path("EndpointName").asText()).isEqualTo("Ep-1");
    assertThat(node.path("Tags").get(0).path("Key").asText()).isEqualTo("k");
  }

  @ParameterizedTest
  @ValueSource(strings = {"not json", "{\"EndpointName\": ", "{'a': 1}", "}", "\u0000\u0001"})
  void a_body_that_is_not_json_is_a_serialization_exception(String body) {
    assertThatThrownBy(() -> parse(body))
        .isInstanceOfSatisfying(
            AwsServiceException.class,
            e -> {
              assertThat(e.error().code()).isEqualTo(AwsErrorCode.SERIALIZATION_EXCEPTION);
              assertThat(e.error().message()).isEqualTo("The request body is not valid JSON.");
            });
  }

  @Test
  void stored_json_round_trips_and_corrupt_stored_json_is_our_bug() {
    String stored = "[{\"Key\":\"k\",\"Value\":\"v\"}]";

    assertThat(WireJson.write(WireJson.parse(stored))).isEqualTo(stored);
    assertThatThrownBy(() -> WireJson.parse("[{"))
        .isInstanceOf(IllegalStateException.class)
        .isNotInstanceOf(AwsServiceException.class);
  }

  @Test
  void now_has_millisecond_precision() {
    Instant now = WireJson.now();

    assertThat(now.getNano() % 1_000_000).isZero();
  }
}
