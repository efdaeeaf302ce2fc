package dev.berth.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class LoadClientTest {
  @Test
  void aSuccessfulAnswerIsNoError() {
    assertThat(LoadClient.errorCode(200, Buffer.buffer("{}"))).isNull();
  }

  @Test
  void anErrorAnswerCountsUnderItsType() {
    assertThat(
            LoadClient.errorCode(
                400, Buffer.buffer("{\"__type\":\"ResourceLimitExceeded\",\"message\":\"no\"}")))
        .isEqualTo("ResourceLimitExceeded");
  }

  @Test
  void aNamespacedTypeCountsUnderItsCode() {
    assertThat(
            LoadClient.errorCode(
                400, Buffer.buffer("{\"__type\":\"com.amazon.coral#ThrottlingException\"}")))
        .isEqualTo("ThrottlingException");
  }

  @Test
  void anAnswerWithoutJsonCountsUnderItsStatus() {
    assertThat(LoadClient.errorCode(502, Buffer.buffer("Bad Gateway"))).isEqualTo("HTTP 502");
  }

  @Test
  void theErrorTypeHeaderWinsOverTheBody() {
    assertThat(
            LoadClient.errorCode(
                424, "ModelError", Buffer.buffer("{\"__type\":\"Other\",\"message\":\"x\"}")))
        .isEqualTo("ModelError");
    assertThat(
            LoadClient.errorCode(
                400, "ValidationError:http://internal.amazon.com/coral/", Buffer.buffer("")))
        .isEqualTo("ValidationError");
  }
}
