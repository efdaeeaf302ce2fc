package dev.berth.awswire.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every error code through the one wire mapper, on both protocols (STYLE §9: a test per error
 * code). The expected statuses are written out here rather than read back from the enum, so that a
 * changed status is a failing test and not a silent wire change (spec §1.2, §1.3, §3.7, §9.4).
 */
class ErrorEnvelopeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REQUEST_ID = "5f0c1d2e-0000-4000-8000-000000000001";

  /** One row per constant: the code clients read, its JSON 1.1 status, its REST-JSON status. */
  private record Row(AwsErrorCode constant, String code, int json11Status, int restJsonStatus) {}

  private static final Map<AwsErrorCode, Row> TABLE =
      Stream.of(
              new Row(AwsErrorCode.VALIDATION_EXCEPTION, "ValidationException", 400, 400),
              new Row(AwsErrorCode.VALIDATION_ERROR, "ValidationError", 400, 400),
              new Row(AwsErrorCode.PAYLOAD_TOO_LARGE, "ValidationError", 413, 413),
              new Row(AwsErrorCode.HEADERS_TOO_LARGE, "ValidationError", 431, 431),
              new Row(AwsErrorCode.REQUEST_TIMEOUT, "RequestTimeout", 408, 408),
              new Row(AwsErrorCode.SERIALIZATION_EXCEPTION, "SerializationException", 400, 400),
              new Row(AwsErrorCode.UNKNOWN_OPERATION, "UnknownOperationException", 400, 400),
              new Row(AwsErrorCode.RESOURCE_LIMIT_EXCEEDED, "ResourceLimitExceeded", 400, 400),
              new Row(AwsErrorCode.RESOURCE_IN_USE, "ResourceInUse", 400, 400),
              new Row(
                  AwsErrorCode.MISSING_AUTHENTICATION_TOKEN,
                  "MissingAuthenticationTokenException",
                  400,
                  403),
              new Row(AwsErrorCode.UNRECOGNIZED_CLIENT, "UnrecognizedClientException", 400, 403),
              new Row(AwsErrorCode.INVALID_SIGNATURE, "InvalidSignatureException", 400, 403),
              new Row(AwsErrorCode.INCOMPLETE_SIGNATURE, "IncompleteSignatureException", 400, 403),
              new Row(AwsErrorCode.ACCESS_DENIED, "AccessDeniedException", 400, 403),
              new Row(AwsErrorCode.THROTTLING, "ThrottlingException", 400, 400),
              new Row(AwsErrorCode.MODEL_ERROR, "ModelError", 424, 424),
              new Row(AwsErrorCode.MODEL_NOT_READY, "ModelNotReadyException", 429, 429),
              new Row(AwsErrorCode.SERVICE_UNAVAILABLE, "ServiceUnavailable", 503, 503),
              new Row(AwsErrorCode.INTERNAL_FAILURE, "InternalFailure", 500, 500))
          .collect(Collectors.toMap(Row::constant, r -> r));

  static Stream<Arguments> everyCodeOnEveryProtocol() {
    return Arrays.stream(AwsErrorCode.values())
        .flatMap(code -> Arrays.stream(WireProtocol.values()).map(p -> Arguments.of(code, p)));
  }

  @Test
  void the_table_has_a_row_for_every_error_code() {
    assertThat(TABLE.keySet()).isEqualTo(EnumSet.allOf(AwsErrorCode.class));
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("everyCodeOnEveryProtocol")
  void each_code_renders_with_its_status_for_the_protocol(
      AwsErrorCode code, WireProtocol protocol) {
    Row row = TABLE.get(code);

    ErrorResponse response = ErrorEnvelope.render(AwsError.of(code, "text"), protocol, REQUEST_ID);

    assertThat(response.status())
        .isEqualTo(protocol == WireProtocol.JSON_1_1 ? row.json11Status() : row.restJsonStatus());
    assertThat(code.code()).isEqualTo(row.code());
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("everyCodeOnEveryProtocol")
  void each_code_carries_the_four_headers_clients_read(AwsErrorCode code, WireProtocol protocol) {
    Instant before = Instant.now().minusSeconds(1);

    ErrorResponse response = ErrorEnvelope.render(AwsError.of(code, "text"), protocol, REQUEST_ID);

    Map<String, String> headers = response.headers();
    assertThat(headers)
        .containsOnlyKeys("Content-Type", "x-amzn-ErrorType", "x-amzn-RequestId", "Date")
        .containsEntry(
            "Content-Type",
            protocol == WireProtocol.JSON_1_1 ? "application/x-amz-json-1.1" : "application/json")
        .containsEntry("x-amzn-ErrorType", TABLE.get(code).code())
        .containsEntry("x-amzn-RequestId", REQUEST_ID);
    Instant date =
        ZonedDateTime.parse(headers.get("Date"), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    // RFC 1123 has whole seconds, so "now" may read up to a second early.
    assertThat(date).isBetween(before, Instant.now().plusSeconds(1));
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("everyCodeOnEveryProtocol")
  void each_code_has_type_only_on_json11_and_always_a_message(
      AwsErrorCode code, WireProtocol protocol) throws IOException {
    ErrorResponse response =
        ErrorEnvelope.render(AwsError.of(code, "Something went wrong."), protocol, REQUEST_ID);

    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("message").asText()).isEqualTo("Something went wrong.");
    if (protocol == WireProtocol.JSON_1_1) {
      assertThat(fieldNames(body)).containsExactly("__type", "message");
      assertThat(body.path("__type").asText()).isEqualTo(TABLE.get(code).code());
    } else {
      assertThat(fieldNames(body)).containsExactly("message");
    }
  }

  @Test
  void a_json11_body_is_exactly_what_botocore_parses() {
    String message =
        "Could not find endpoint \"arn:aws:sagemaker:us-east-1:111122223333:endpoint/foo\".";

    ErrorResponse response =
        ErrorEnvelope.render(
            AwsError.of(AwsErrorCode.VALIDATION_EXCEPTION, message),
            WireProtocol.JSON_1_1,
            REQUEST_ID);

    assertThat(new String(response.body(), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"__type\":\"ValidationException\",\"message\":\"Could not find endpoint"
                + " \\\"arn:aws:sagemaker:us-east-1:111122223333:endpoint/foo\\\".\"}");
  }

  @ParameterizedTest
  @EnumSource(WireProtocol.class)
  void a_null_message_renders_as_json_null(WireProtocol protocol) throws IOException {
    ErrorResponse response =
        ErrorEnvelope.render(AwsError.of(AwsErrorCode.THROTTLING, null), protocol, REQUEST_ID);

    JsonNode body = JSON.readTree(response.body());
    assertThat(body.has("message")).isTrue();
    assertThat(body.get("message").isNull()).isTrue();
    assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("\"message\":null");
  }

  @Test
  void model_error_members_sit_at_the_top_level_of_the_runtime_body() throws IOException {
    AwsError error =
        new AwsError(
            AwsErrorCode.MODEL_ERROR,
            "Received server error (500) from primary with message \"boom\".",
            Map.of(
                "OriginalStatusCode", 500,
                "OriginalMessage", "boom",
                "LogStreamArn",
                    "arn:aws:logs:us-east-1:111122223333:log-group:/aws/sagemaker/Endpoints/demo"));

    ErrorResponse response = ErrorEnvelope.render(error, WireProtocol.REST_JSON, REQUEST_ID);

    assertThat(response.status()).isEqualTo(424);
    assertThat(response.headers()).containsEntry("x-amzn-ErrorType", "ModelError");
    JsonNode body = JSON.readTree(response.body());
    assertThat(fieldNames(body))
        .containsExactlyInAnyOrder(
            "message", "OriginalStatusCode", "OriginalMessage", "LogStreamArn");
    assertThat(body.get("OriginalStatusCode").isInt()).isTrue();
    assertThat(body.get("OriginalStatusCode").asInt()).isEqualTo(500);
    assertThat(body.get("OriginalMessage").asText()).isEqualTo("boom");
  }

  @Test
  void members_also_reach_the_top_level_of_a_json11_body() throws IOException {
    AwsError error =
        new AwsError(AwsErrorCode.RESOURCE_IN_USE, "in use", Map.of("Detail", "cfg-1"));

    JsonNode body =
        JSON.readTree(ErrorEnvelope.render(error, WireProtocol.JSON_1_1, REQUEST_ID).body());

    assertThat(fieldNames(body)).containsExactlyInAnyOrder("__type", "message", "Detail");
    assertThat(body.get("Detail").asText()).isEqualTo("cfg-1");
  }

  @Test
  void a_member_that_cannot_be_serialized_is_a_caller_bug() {
    AwsError error =
        new AwsError(AwsErrorCode.INTERNAL_FAILURE, "x", Map.of("Opaque", new Object()));

    assertThatThrownBy(() -> ErrorEnvelope.render(error, WireProtocol.REST_JSON, REQUEST_ID))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void http_date_is_rfc_1123_in_gmt() {
    String date = ErrorEnvelope.httpDate();

    assertThat(date).endsWith(" GMT");
    Instant parsed = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    assertThat(Duration.between(parsed, Instant.now()).abs()).isLessThan(Duration.ofSeconds(5));
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
