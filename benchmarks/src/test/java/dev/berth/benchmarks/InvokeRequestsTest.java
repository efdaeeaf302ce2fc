package dev.berth.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.awswire.sigv4.SigV4Signer;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

class InvokeRequestsTest {
  private final AtomicReference<AwsCredentials> credentials =
      new AtomicReference<>(AwsBasicCredentials.create("AKID", "secret"));

  private InvokeRequests requests(String... bodies) {
    return new InvokeRequests(
        "127.0.0.1:8081",
        "/endpoints/e/invocations",
        "us-east-1",
        "text/csv",
        "application/json",
        "v1",
        List.of(bodies).stream().map(Buffer::buffer).toList(),
        credentials::get);
  }

  @Test
  void theSignatureIsTheSignersForTheRequestAsSent() {
    LoadRequest request =
        requests("1,2")
            .sign(
                SigningCredentials.signer("sagemaker", "us-east-1", credentials.get()),
                Buffer.buffer("1,2"),
                Instant.parse("2026-11-28T00:00:00Z"));

    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("host", "127.0.0.1:8081");
    headers.put("content-type", "text/csv");
    headers.put("accept", "application/json");
    headers.put("x-amzn-sagemaker-target-variant", "v1");
    Map<String, String> expected =
        new SigV4Signer("sagemaker", "us-east-1", "AKID", "secret")
            .sign(
                "POST",
                "/endpoints/e/invocations",
                "",
                headers,
                "1,2".getBytes(),
                Instant.parse("2026-11-28T00:00:00Z"));
    assertThat(request.uri()).isEqualTo("/endpoints/e/invocations");
    assertThat(request.headers().get("authorization")).isEqualTo(expected.get("Authorization"));
    assertThat(request.headers().get("x-amz-date")).isEqualTo("20261128T000000Z");
    assertThat(request.headers().get("x-amzn-sagemaker-target-variant")).isEqualTo("v1");
    assertThat(request.headers().contains("host")).isFalse();
  }

  @Test
  void payloadsGoInTurn() {
    LoadRequest.Source source = requests("a", "b", "c").source();

    assertThat(List.of(source.next(), source.next(), source.next(), source.next()))
        .extracting(r -> r.body().toString())
        .containsExactly("a", "b", "c", "a");
  }

  @Test
  void newCredentialsAreSignedWithAtOnce() {
    LoadRequest.Source source = requests("a").source();
    assertThat(source.next().headers().get("authorization")).contains("Credential=AKID/");

    credentials.set(AwsSessionCredentials.create("ASIA2", "secret2", "token2"));

    LoadRequest next = source.next();
    assertThat(next.headers().get("authorization")).contains("Credential=ASIA2/");
    assertThat(next.headers().get("x-amz-security-token")).isEqualTo("token2");
  }

  @Test
  void theEndpointNameMustBeASageMakerName() {
    assertThat(InvokeRequests.invocationsPath("", "my-endpoint-1"))
        .isEqualTo("/endpoints/my-endpoint-1/invocations");
    assertThat(InvokeRequests.invocationsPath("/prefix/", "e"))
        .isEqualTo("/prefix/endpoints/e/invocations");
    assertThatThrownBy(() -> InvokeRequests.invocationsPath("", "a/b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> InvokeRequests.invocationsPath("", "-a"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theRegionComesFromTheFlagThenAnAwsHostName() {
    assertThat(InvokeBench.region("ap-south-1", URI.create("https://x.example"), null))
        .isEqualTo("ap-south-1");
    assertThat(
            InvokeBench.region(
                null, URI.create("https://runtime.sagemaker.eu-west-1.amazonaws.com"), null))
        .isEqualTo("eu-west-1");
  }
}
