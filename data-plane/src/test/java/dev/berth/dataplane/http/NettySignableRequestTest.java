package dev.berth.dataplane.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

class NettySignableRequestTest {
  private static HttpRequest request(String uri) {
    return new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, uri);
  }

  @Test
  void aRepeatedHeaderIsJoinedInTheOrderReceived() {
    HttpRequest request = request("/endpoints/e/invocations");
    request.headers().add("X-Amz-Meta", "first").add("x-amz-meta", "second");
    request.headers().add("x-amz-meta", "third");

    assertThat(new NettySignableRequest(request).header("x-amz-meta"))
        .isEqualTo("first,second,third");
  }

  @Test
  void aHeaderSentOnceIsItsValueAndAMissingOneIsNull() {
    HttpRequest request = request("/endpoints/e/invocations");
    request.headers().add("Host", "localhost:8080");

    NettySignableRequest signable = new NettySignableRequest(request);

    assertThat(signable.header("host")).isEqualTo("localhost:8080");
    assertThat(signable.header("x-amz-date")).isNull();
  }

  @Test
  void pathAndQueryAreKeptAsTheyStoodOnTheWire() {
    NettySignableRequest signable =
        new NettySignableRequest(request("/endpoints/my%20ep/invocations?b=2&a=%2F"));

    assertThat(signable.method()).isEqualTo("POST");
    assertThat(signable.rawPath()).isEqualTo("/endpoints/my%20ep/invocations");
    assertThat(signable.rawQuery()).isEqualTo("b=2&a=%2F");
  }
}
