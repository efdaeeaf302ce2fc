package dev.berth.awswire.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place where errors become bytes, for both planes.
 *
 * <p>JSON 1.1 (control plane): {@code {"__type": code, "message": text}}. REST-JSON (runtime):
 * {@code {"message": text, ...members}}. Both carry {@code x-amzn-ErrorType} (read first by SDK v2
 * and by botocore's REST parser), {@code x-amzn-RequestId} and {@code Date} (SDK v2 corrects its
 * clock from it after a skew error). See spec §1.2 and §9.8.
 */
public final class ErrorEnvelope {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ErrorEnvelope() {}

  /** Renders {@code error} for {@code protocol}, tagged with {@code requestId}. */
  public static ErrorResponse render(AwsError error, WireProtocol protocol, String requestId) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (protocol == WireProtocol.JSON_1_1) {
      body.put("__type", error.code().code());
    }
    body.put("message", error.message());
    body.putAll(error.members());
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", protocol.errorContentType());
    headers.put("x-amzn-ErrorType", error.code().code());
    headers.put("x-amzn-RequestId", requestId);
    headers.put("Date", httpDate());
    return new ErrorResponse(error.code().status(protocol), headers, toJson(body));
  }

  /** The current time as an RFC 1123 HTTP date. */
  public static String httpDate() {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
  }

  private static byte[] toJson(Map<String, Object> body) {
    try {
      return JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      // Members are plain strings and numbers; failing here is a bug in the caller.
      throw new IllegalArgumentException("error members are not serializable", e);
    }
  }
}
