package dev.berth.awswire.sigv4;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What Berth's own signer sends, and that the verifier accepts it. */
class SigV4SignerTest {
  private static final Instant NOW = Instant.parse("2025-01-01T12:00:00.750Z");
  private static final byte[] BODY = "{\"EndpointName\":\"My-Endpoint\"}".getBytes(UTF_8);
  private static final Map<String, String> HEADERS =
      Map.of(
          "Host", "localhost:8080",
          "Content-Type", "application/x-amz-json-1.1",
          "X-Amz-Target", "SageMaker.DescribeEndpoint");

  private final SigV4Verifier verifier =
      new SigV4Verifier("sagemaker", Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(5));

  @Test
  void sign_returns_the_headers_to_add() {
    SigV4Signer signer = new SigV4Signer("sagemaker", "us-east-1", "AKID", "secret");

    Map<String, String> added = signer.sign("POST", "/", null, HEADERS, BODY, NOW);

    assertThat(added)
        .containsOnlyKeys("Authorization", "X-Amz-Date", "x-amz-content-sha256")
        .containsEntry("X-Amz-Date", "20250101T120000Z")
        .containsEntry("x-amz-content-sha256", SigV4Verifier.sha256Hex(BODY));
    assertThat(added.get("Authorization"))
        .startsWith(
            "AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/sagemaker/aws4_request,"
                + " SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-target,"
                + " Signature=")
        .matches(".*Signature=[0-9a-f]{64}");
  }

  @Test
  void what_the_signer_signs_the_verifier_accepts() {
    SigV4Signer signer = new SigV4Signer("sagemaker", "us-east-1", "AKID", "secret");
    SignableRequest request = signed(signer, "/endpoints/My-Endpoint/invocations", "b=2&a=1");

    SigV4Credential credential = verifier.parse(request);

    assertThatCode(
            () -> verifier.verify(credential, request, SigV4Verifier.sha256Hex(BODY), "secret"))
        .doesNotThrowAnyException();
  }

  @Test
  void temporary_credentials_send_and_sign_the_session_token() {
    SigV4Signer signer = new SigV4Signer("sagemaker", "us-east-1", "ASIA", "secret", "token");
    SignableRequest request = signed(signer, "/", null);

    SigV4Credential credential = verifier.parse(request);

    assertThat(credential.securityToken()).isEqualTo("token");
    assertThat(credential.signedHeaders()).contains("x-amz-security-token");
    assertThatCode(
            () -> verifier.verify(credential, request, SigV4Verifier.sha256Hex(BODY), "secret"))
        .doesNotThrowAnyException();
  }

  @Test
  void headers_the_signer_sets_replace_the_callers_in_any_case() {
    SigV4Signer signer = new SigV4Signer("sagemaker", "us-east-1", "AKID", "secret");
    Map<String, String> headers = new LinkedHashMap<>(HEADERS);
    headers.put("x-amz-date", "19700101T000000Z");
    headers.put("AUTHORIZATION", "stale");

    Map<String, String> added = signer.sign("POST", "/", null, headers, BODY, NOW);
    Map<String, String> sent = new LinkedHashMap<>(HEADERS);
    sent.putAll(added);
    SignableRequest request = SignableRequest.of("POST", "/", null, sent);

    assertThat(added.get("X-Amz-Date")).isEqualTo("20250101T120000Z");
    assertThatCode(
            () ->
                verifier.verify(
                    verifier.parse(request), request, SigV4Verifier.sha256Hex(BODY), "secret"))
        .doesNotThrowAnyException();
  }

  @Test
  void a_request_without_host_cannot_be_signed() {
    SigV4Signer signer = new SigV4Signer("sagemaker", "us-east-1", "AKID", "secret");

    assertThatThrownBy(() -> signer.sign("POST", "/", null, Map.of("Content-Type", "x"), BODY, NOW))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static SignableRequest signed(SigV4Signer signer, String path, String query) {
    Map<String, String> sent = new LinkedHashMap<>(HEADERS);
    sent.putAll(signer.sign("POST", path, query, HEADERS, BODY, NOW));
    return SignableRequest.of("POST", path, query, sent);
  }
}
