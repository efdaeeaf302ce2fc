package dev.berth.awswire.sigv4;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.awswire.error.AwsErrorCode;
import dev.berth.awswire.error.AwsServiceException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * Requests signed by the real AWS SDK for Java v2 signer ({@code AwsV4HttpSigner}, service {@code
 * sagemaker}, region {@code us-east-1}) against the verifier: what the SDK signs is accepted, and
 * any change to what it signed is not.
 */
class SigV4SdkInteropTest {
  private static final String ACCESS_KEY = "AKIABERTHEXAMPLE0001";
  private static final String SECRET = "berth/Secret+Key/0123456789abcdefEXAMPLE";
  private static final String SESSION_TOKEN =
      "IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCXVzLWVhc3QtMSJH+/==";
  private static final Instant SIGNED_AT = Instant.parse("2025-01-01T12:00:00Z");
  private static final byte[] DESCRIBE_ENDPOINT =
      "{\"EndpointName\":\"My-Endpoint\"}".getBytes(UTF_8);
  private static final byte[] CSV = "1.0,2.0,5.0\n".getBytes(UTF_8);

  private final SigV4Verifier verifier = verifierAt(SIGNED_AT);

  @Test
  void a_control_plane_request_signed_by_the_sdk_is_accepted() {
    TestRequest request = sdkSigned(controlPlane(), DESCRIBE_ENDPOINT, longTerm());

    SigV4Credential credential = verifier.parse(request);

    assertThat(credential.accessKeyId()).isEqualTo(ACCESS_KEY);
    assertThat(credential.scope()).isEqualTo("20250101/us-east-1/sagemaker/aws4_request");
    assertThat(credential.amzDate()).isEqualTo("20250101T120000Z");
    assertThat(credential.signedHeaders()).contains("content-type", "host", "x-amz-target");
    assertThat(credential.securityToken()).isNull();
    assertAccepted(credential, request);
  }

  @Test
  void a_control_plane_request_with_a_session_token_is_accepted() {
    TestRequest request = sdkSigned(controlPlane(), DESCRIBE_ENDPOINT, temporary());

    SigV4Credential credential = verifier.parse(request);

    assertThat(credential.securityToken()).isEqualTo(SESSION_TOKEN);
    assertThat(credential.signedHeaders()).contains("x-amz-security-token");
    assertAccepted(credential, request);
  }

  @Test
  void a_runtime_request_signed_by_the_sdk_is_accepted() {
    TestRequest request = sdkSigned(runtime("/endpoints/My-Endpoint/invocations"), CSV, longTerm());

    assertAccepted(verifier.parse(request), request);
  }

  @Test
  void a_runtime_request_with_a_session_token_is_accepted() {
    TestRequest request =
        sdkSigned(runtime("/endpoints/My-Endpoint/invocations"), CSV, temporary());

    SigV4Credential credential = verifier.parse(request);

    assertThat(credential.securityToken()).isEqualTo(SESSION_TOKEN);
    assertAccepted(credential, request);
  }

  @Test
  void a_percent_encoded_path_is_signed_encoded_once_more_and_accepted() {
    String path = "/endpoints/a%20b%2Fc/invocations";
    TestRequest request = sdkSigned(runtime(path), CSV, longTerm());

    assertThat(CanonicalRequest.canonicalUri(path))
        .isEqualTo("/endpoints/a%2520b%252Fc/invocations");
    assertAccepted(verifier.parse(request), request);
  }

  @Test
  void a_query_string_is_canonicalized_as_the_sdk_does() {
    SdkHttpRequest withQuery =
        controlPlane().toBuilder()
            .appendRawQueryParameter("b", "2")
            .appendRawQueryParameter("a", "x y/z")
            .appendRawQueryParameter("a", "1+1")
            .appendRawQueryParameter("\u1234", "\u00e9")
            .build();
    TestRequest request = sdkSigned(withQuery, DESCRIBE_ENDPOINT, longTerm());

    assertThat(CanonicalRequest.canonicalQuery(request.rawQuery()))
        .isEqualTo("%E1%88%B4=%C3%A9&a=1%2B1&a=x%20y%2Fz&b=2");
    assertAccepted(verifier.parse(request), request);
  }

  @Test
  void our_signer_computes_the_same_authorization_as_the_sdk() {
    TestRequest request =
        sdkSigned(runtime("/endpoints/My-Endpoint/invocations"), CSV, temporary());
    SigV4Credential credential = verifier.parse(request);
    SigV4Signer signer = new SigV4Signer("sagemaker", "us-east-1", ACCESS_KEY, SECRET);

    String ours =
        signer.authorization(
            request.without("Authorization"), credential.signedHeaders(), request.payloadHash());

    assertThat(ours).isEqualTo(request.header("authorization"));
  }

  @Test
  void a_changed_body_is_rejected() {
    TestRequest request = sdkSigned(controlPlane(), DESCRIBE_ENDPOINT, longTerm());
    TestRequest changed = request.withBody("{\"EndpointName\":\"Other\"}".getBytes(UTF_8));

    assertMismatch(verifier.parse(changed), changed, SECRET);
  }

  @Test
  void a_changed_signed_header_is_rejected() {
    TestRequest request = sdkSigned(controlPlane(), DESCRIBE_ENDPOINT, longTerm());
    TestRequest changed = request.with("X-Amz-Target", "SageMaker.DeleteEndpoint");

    assertMismatch(verifier.parse(changed), changed, SECRET);
  }

  @Test
  void a_changed_path_is_rejected() {
    TestRequest request = sdkSigned(runtime("/endpoints/My-Endpoint/invocations"), CSV, longTerm());
    TestRequest changed = request.withPath("/endpoints/Other-Endpoint/invocations");

    assertMismatch(verifier.parse(changed), changed, SECRET);
  }

  @Test
  void a_changed_session_token_is_rejected() {
    TestRequest request = sdkSigned(controlPlane(), DESCRIBE_ENDPOINT, temporary());
    TestRequest changed = request.with("X-Amz-Security-Token", "another-token");

    assertMismatch(verifier.parse(changed), changed, SECRET);
  }

  @Test
  void a_wrong_secret_is_rejected() {
    TestRequest request = sdkSigned(controlPlane(), DESCRIBE_ENDPOINT, longTerm());

    assertMismatch(verifier.parse(request), request, SECRET + "x");
  }

  @Test
  void a_scope_for_another_service_is_rejected() {
    TestRequest request =
        sdkSigned(controlPlane(), DESCRIBE_ENDPOINT, longTerm(), "execute-api", SIGNED_AT);

    assertInvalid(() -> verifier.parse(request))
        .hasMessageEndingWith(": Credential should be scoped to correct service: 'sagemaker'. ");
  }

  @Test
  void a_scope_date_other_than_the_request_date_is_rejected() {
    Instant beforeMidnight = Instant.parse("2025-01-01T23:58:00Z");
    TestRequest request =
        sdkSigned(controlPlane(), DESCRIBE_ENDPOINT, longTerm(), "sagemaker", beforeMidnight)
            .with("X-Amz-Date", "20250102T000100Z");

    assertInvalid(() -> verifierAt(Instant.parse("2025-01-02T00:01:00Z")).parse(request))
        .hasMessageEndingWith(
            ": Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date"
                + " from HTTP: '20250101' != '20250102', from '20250102T000100Z'. ");
  }

  @Test
  void a_request_signed_six_minutes_ago_has_expired() {
    TestRequest request = sdkSigned(controlPlane(), DESCRIBE_ENDPOINT, longTerm());

    assertInvalid(() -> verifierAt(SIGNED_AT.plus(Duration.ofMinutes(6))).parse(request))
        .hasMessageEndingWith(
            ": Signature expired: 20250101T120000Z is now earlier than 20250101T120100Z"
                + " (20250101T120600Z - 5 min.)");
  }

  @Test
  void a_request_signed_six_minutes_ahead_is_not_yet_current() {
    TestRequest request = sdkSigned(controlPlane(), DESCRIBE_ENDPOINT, longTerm());

    assertInvalid(() -> verifierAt(SIGNED_AT.minus(Duration.ofMinutes(6))).parse(request))
        .hasMessageEndingWith(
            ": Signature not yet current: 20250101T120000Z is still later than 20250101T115900Z"
                + " (20250101T115400Z + 5 min.)");
  }

  @Test
  void a_request_signed_five_minutes_off_either_way_is_still_accepted() {
    TestRequest request = sdkSigned(controlPlane(), DESCRIBE_ENDPOINT, longTerm());

    for (Instant now : new Instant[] {SIGNED_AT.plusSeconds(300), SIGNED_AT.minusSeconds(300)}) {
      SigV4Verifier atEdge = verifierAt(now);
      assertThatCode(
              () -> atEdge.verify(atEdge.parse(request), request, request.payloadHash(), SECRET))
          .doesNotThrowAnyException();
    }
  }

  private void assertAccepted(SigV4Credential credential, TestRequest request) {
    assertThatCode(() -> verifier.verify(credential, request, request.payloadHash(), SECRET))
        .doesNotThrowAnyException();
  }

  private void assertMismatch(SigV4Credential credential, TestRequest request, String secret) {
    assertInvalid(() -> verifier.verify(credential, request, request.payloadHash(), secret))
        .hasMessageEndingWith(": " + SigV4Verifier.SIGNATURE_MISMATCH);
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertInvalid(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    return assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            AwsServiceException.class,
            e -> assertThat(e.error().code()).isEqualTo(AwsErrorCode.INVALID_SIGNATURE));
  }

  private static SigV4Verifier verifierAt(Instant now) {
    return new SigV4Verifier("sagemaker", Clock.fixed(now, ZoneOffset.UTC), Duration.ofMinutes(5));
  }

  private static SdkHttpRequest controlPlane() {
    return SdkHttpRequest.builder()
        .method(SdkHttpMethod.POST)
        .protocol("https")
        .host("api.sagemaker.us-east-1.amazonaws.com")
        .encodedPath("/")
        .putHeader("Content-Type", "application/x-amz-json-1.1")
        .putHeader("X-Amz-Target", "SageMaker.DescribeEndpoint")
        .putHeader("Content-Length", Integer.toString(DESCRIBE_ENDPOINT.length))
        .build();
  }

  private static SdkHttpRequest runtime(String encodedPath) {
    return SdkHttpRequest.builder()
        .method(SdkHttpMethod.POST)
        .protocol("https")
        .host("runtime.sagemaker.us-east-1.amazonaws.com")
        .encodedPath(encodedPath)
        .putHeader("Content-Type", "text/csv")
        .putHeader("Accept", "application/json")
        .putHeader("X-Amzn-SageMaker-Target-Variant", "AllTraffic")
        .putHeader("Content-Length", Integer.toString(CSV.length))
        .build();
  }

  private static AwsCredentialsIdentity longTerm() {
    return AwsCredentialsIdentity.create(ACCESS_KEY, SECRET);
  }

  private static AwsCredentialsIdentity temporary() {
    return AwsSessionCredentialsIdentity.create(ACCESS_KEY, SECRET, SESSION_TOKEN);
  }

  private static TestRequest sdkSigned(
      SdkHttpRequest request, byte[] body, AwsCredentialsIdentity identity) {
    return sdkSigned(request, body, identity, "sagemaker", SIGNED_AT);
  }

  private static TestRequest sdkSigned(
      SdkHttpRequest request,
      byte[] body,
      AwsCredentialsIdentity identity,
      String service,
      Instant at) {
    SdkHttpRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(identity)
                        .request(request)
                        .payload(ContentStreamProvider.fromByteArray(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)))
            .request();
    return TestRequest.from(signed, body);
  }
}
