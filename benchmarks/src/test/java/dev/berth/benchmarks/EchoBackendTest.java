package dev.berth.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EchoBackendTest {
  static Stream<Arguments> requests() {
    return Stream.of(
        Arguments.of(HttpMethod.POST, "/invocations", "{\"a\":1}", "application/json", 200, true),
        Arguments.of(HttpMethod.POST, "/invocations?x=1", "abc", "text/csv", 200, true),
        Arguments.of(HttpMethod.POST, "/invocations", "", null, 200, true),
        Arguments.of(HttpMethod.GET, "/ping", "", null, 200, false),
        Arguments.of(HttpMethod.POST, "/endpoints/e/invocations", "x", "text/plain", 404, false),
        Arguments.of(HttpMethod.GET, "/invocations", "", null, 404, false));
  }

  @ParameterizedTest
  @MethodSource("requests")
  void answersEachRequestAndKeepsTheConnection(
      HttpMethod method, String uri, String body, String type, int status, boolean echoed) {
    EmbeddedChannel channel = new EmbeddedChannel(new EchoBackend.Echo());
    FullHttpRequest request =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1, method, uri, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    if (type != null) {
      request.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
    }

    channel.writeInbound(request);
    FullHttpResponse response = channel.readOutbound();

    try {
      assertThat(response.status().code()).isEqualTo(status);
      String answered = response.content().toString(StandardCharsets.UTF_8);
      assertThat(answered).isEqualTo(echoed ? body : "");
      assertThat(response.headers().getInt(HttpHeaderNames.CONTENT_LENGTH))
          .isEqualTo(answered.getBytes(StandardCharsets.UTF_8).length);
      assertThat(response.headers().get(HttpHeaderNames.CONTENT_TYPE))
          .isEqualTo(echoed ? type : null);
      assertThat(channel.isOpen()).isTrue();
    } finally {
      response.release();
    }
    assertThat(request.refCnt()).isZero();
    assertThat(channel.finishAndReleaseAll()).isFalse();
  }

  @ParameterizedTest
  @MethodSource("requests")
  void closesAfterAnsweringWhenTheClientAsksTo(
      HttpMethod method, String uri, String body, String type, int status, boolean echoed) {
    EmbeddedChannel channel = new EmbeddedChannel(new EchoBackend.Echo());
    FullHttpRequest request =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1, method, uri, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    request.headers().set(HttpHeaderNames.CONNECTION, "close");

    channel.writeInbound(request);
    FullHttpResponse response = channel.readOutbound();

    try {
      assertThat(response.status().code()).isEqualTo(status);
      assertThat(response.headers().get(HttpHeaderNames.CONNECTION)).isEqualTo("close");
      assertThat(channel.isOpen()).isFalse();
    } finally {
      response.release();
    }
    assertThat(request.refCnt()).isZero();
    channel.finishAndReleaseAll();
  }
}
