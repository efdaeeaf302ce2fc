package dev.berth.dataplane.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import software.amazon.eventstream.Message;

class EventStreamFramesTest {
  @Test
  void payloadPartsCarryTheBytesUnderTheHeadersTheSdkReads() {
    ByteBuf frame =
        EventStreamFrames.payloadPart(Unpooled.copiedBuffer("hello", StandardCharsets.UTF_8));

    Message message = Message.decode(frame.nioBuffer());

    assertThat(new String(message.getPayload(), StandardCharsets.UTF_8)).isEqualTo("hello");
    assertThat(message.getHeaders().get(":message-type").getString()).isEqualTo("event");
    assertThat(message.getHeaders().get(":event-type").getString()).isEqualTo("PayloadPart");
  }

  @Test
  void modelStreamErrorsAreExceptionsWithTheirCode() {
    ByteBuf frame = EventStreamFrames.modelStreamError("it \"broke\"", "StreamBroken");

    Message message = Message.decode(frame.nioBuffer());

    assertThat(message.getHeaders().get(":message-type").getString()).isEqualTo("exception");
    assertThat(message.getHeaders().get(":exception-type").getString())
        .isEqualTo("ModelStreamError");
    assertThat(new String(message.getPayload(), StandardCharsets.UTF_8))
        .isEqualTo("{\"Message\":\"it \\\"broke\\\"\",\"ErrorCode\":\"StreamBroken\"}");
  }
}
