package dev.berth.dataplane.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/**
 * The AWS event-stream messages of InvokeEndpointWithResponseStream (spec §1.4), framed by the
 * {@code eventstream} library the AWS SDK itself decodes them with.
 */
final class EventStreamFrames {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, HeaderValue> PAYLOAD_PART = headers("event", "PayloadPart");

  private EventStreamFrames() {}

  /** A {@code PayloadPart} event carrying the bytes of {@code content}. */
  static ByteBuf payloadPart(ByteBuf content) {
    return frame(PAYLOAD_PART, ByteBufUtil.getBytes(content));
  }

  /**
   * A {@code ModelStreamError} exception: the stream broke or timed out after it began.
   *
   * @param errorCode {@code StreamBroken} or {@code ModelInvocationTimeExceeded}
   */
  static ByteBuf modelStreamError(String message, String errorCode) {
    Map<String, HeaderValue> headers = new LinkedHashMap<>();
    headers.put(":message-type", HeaderValue.fromString("exception"));
    headers.put(":exception-type", HeaderValue.fromString("ModelStreamError"));
    headers.put(":content-type", HeaderValue.fromString("application/json"));
    Map<String, String> body = new LinkedHashMap<>();
    body.put("Message", message);
    body.put("ErrorCode", errorCode);
    try {
      return frame(headers, JSON.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("two strings always serialize", e);
    }
  }

  private static ByteBuf frame(Map<String, HeaderValue> headers, byte[] payload) {
    return Unpooled.wrappedBuffer(new Message(headers, payload).toByteBuffer());
  }

  private static Map<String, HeaderValue> headers(String messageType, String eventType) {
    Map<String, HeaderValue> headers = new LinkedHashMap<>();
    headers.put(":message-type", HeaderValue.fromString(messageType));
    headers.put(":event-type", HeaderValue.fromString(eventType));
    headers.put(":content-type", HeaderValue.fromString("application/octet-stream"));
    return Map.copyOf(headers);
  }
}
