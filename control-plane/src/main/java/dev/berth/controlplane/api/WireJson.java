package dev.berth.controlplane.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.awswire.error.AwsErrorCode;
import dev.berth.awswire.error.AwsServiceException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * JSON as the SageMaker API writes it: PascalCase members and timestamps as epoch seconds with a
 * millisecond fraction ({@code 1529870369.986}, spec §1.1).
 */
public final class WireJson {
  /** The one mapper of the control plane; thread-safe once configured. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private WireJson() {}

  /** A new empty object. */
  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** A new empty array. */
  public static ArrayNode array() {
    return JsonNodeFactory.instance.arrayNode();
  }

  /** {@code instant} as a JSON number of epoch seconds with millisecond precision. */
  public static JsonNode timestamp(Instant instant) {
    return DecimalNode.valueOf(BigDecimal.valueOf(instant.toEpochMilli(), 3));
  }

  /**
   * Reads a timestamp member the way the SDKs send it: epoch seconds (integer or fractional), or
   * leniently an ISO-8601 string.
   */
  public static Instant readTimestamp(JsonNode node) {
    if (node.isNumber()) {
      BigDecimal seconds = node.decimalValue();
      return Instant.ofEpochMilli(seconds.movePointRight(3).longValue());
    }
    try {
      return Instant.parse(node.asText());
    } catch (DateTimeParseException e) {
      throw new AwsServiceException(
          AwsErrorCode.SERIALIZATION_EXCEPTION, "Timestamp '" + node.asText() + "' is not valid.");
    }
  }

  /** Parses stored JSON (always written by us). */
  public static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON is corrupt: " + json, e);
    }
  }

  /** Serializes a tree for storage. */
  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("tree is not serializable", e);
    }
  }

  /** Reads a request body: empty means {@code {}}; anything that is not JSON is a client error. */
  public static JsonNode readRequest(byte[] body) {
    if (body.length == 0) {
      return object();
    }
    try {
      JsonNode node = MAPPER.readTree(body);
      return node == null ? object() : node;
    } catch (java.io.IOException e) {
      throw new AwsServiceException(
          AwsErrorCode.SERIALIZATION_EXCEPTION, "The request body is not valid JSON.");
    }
  }

  /** Milliseconds are what the wire carries; storing more would break round trips. */
  public static Instant now() {
    return Instant.ofEpochMilli(System.currentTimeMillis());
  }
}
