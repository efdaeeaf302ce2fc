package dev.berth.dataplane.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EncodedHeadTest {
  private static final UnpooledByteBufAllocator ALLOC = new UnpooledByteBufAllocator(false);

  private static String text(ByteBuf buf) {
    try {
      return buf.toString(StandardCharsets.ISO_8859_1);
    } finally {
      buf.release();
    }
  }

  @Test
  void anInvocationCarriesTheHostTheLengthAndTheForwardedHeaders() {
    HttpHeaders caller = new DefaultHttpHeaders();
    caller.set("Content-Type", "application/json");
    caller.set("Accept", "text/csv");
    caller.set("X-Amzn-SageMaker-Custom-Attributes", "trace=1");
    caller.set("Authorization", "AWS4-HMAC-SHA256 Credential=...");
    caller.set("X-Amzn-SageMaker-Accept", "application/jsonlines");

    EncodedHead head = EncodedHead.invocation(ALLOC, "10.0.0.7:8080", 1234567890);
    UpstreamCall.forwardHeaders(caller, head, false);

    assertThat(text(head.end()))
        .isEqualTo(
            "POST /invocations HTTP/1.1\r\n"
                + "host: 10.0.0.7:8080\r\n"
                + "content-length: 1234567890\r\n"
                + "content-type: application/json\r\n"
                + "x-amzn-sagemaker-custom-attributes: trace=1\r\n"
                + "accept: text/csv\r\n"
                + "\r\n");
  }

  @Test
  void aStreamForwardsTheSageMakerAcceptAsAccept() {
    HttpHeaders caller = new DefaultHttpHeaders();
    caller.set("Accept", "application/vnd.amazon.eventstream");
    caller.set("X-Amzn-SageMaker-Accept", "application/jsonlines");

    EncodedHead head = EncodedHead.invocation(ALLOC, "[::1]:9000", 0);
    UpstreamCall.forwardHeaders(caller, head, true);

    assertThat(text(head.end()))
        .isEqualTo(
            "POST /invocations HTTP/1.1\r\nhost: [::1]:9000\r\ncontent-length: 0\r\n"
                + "accept: application/jsonlines\r\n\r\n");
  }

  @Test
  void aResponseKeepsTheContainersStatusAndWritesEachCharAsOneByte() {
    EncodedHead head = EncodedHead.response(ALLOC, new HttpResponseStatus(201, "Created Here"));
    head.header(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=\u00e9");
    head.header(Headers.REQUEST_ID, "abc");

    ByteBuf bytes = head.end();
    assertThat(
            bytes.getByte(
                bytes.readerIndex()
                    + "HTTP/1.1 201 Created Here\r\ncontent-type: text/plain; charset=".length()))
        .isEqualTo((byte) 0xe9);
    assertThat(text(bytes))
        .isEqualTo(
            "HTTP/1.1 201 Created Here\r\n"
                + "content-type: text/plain; charset=\u00e9\r\n"
                + "x-amzn-RequestId: abc\r\n"
                + "\r\n");
  }
}
