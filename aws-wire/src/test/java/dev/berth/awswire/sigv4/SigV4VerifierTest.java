package dev.berth.awswire.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.awswire.error.AwsErrorCode;
import dev.berth.awswire.error.AwsServiceException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The verifier's first step on headers that are missing, malformed or out of scope. */
class SigV4VerifierTest {
  private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");
  private static final String AMZ_DATE = "20250101T120000Z";
  private static final String CREDENTIAL = "AKID/20250101/us-east-1/sagemaker/aws4_request";
  private static final String SIGNATURE =
      "0000000000000000000000000000000000000000000000000000000000000000";
  private static final String VALID =
      "AWS4-HMAC-SHA256 Credential="
          + CREDENTIAL
          + ", SignedHeaders=host;x-amz-date, Signature="
          + SIGNATURE;

  private final SigV4Verifier verifier =
      new SigV4Verifier("sagemaker", Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(5));

  @Test
  void a_request_without_authorization_has_no_authentication_token() {
    assertThatThrownBy(() -> verifier.parse(request(Map.of("x-amz-date", AMZ_DATE))))
        .isInstanceOfSatisfying(
            AwsServiceException.class,
            e -> {
              assertThat(e.error().code()).isEqualTo(AwsErrorCode.MISSING_AUTHENTICATION_TOKEN);
              assertThat(e.error().message()).isEqualTo("Missing Authentication Token");
            });
  }

  @Test
  void a_blank_authorization_counts_as_none() {
    assertThatThrownBy(() -> verifier.parse(request(Map.of("authorization", "  "))))
        .isInstanceOfSatisfying(
            AwsServiceException.class,
            e -> assertThat(e.error().code()).isEqualTo(AwsErrorCode.MISSING_AUTHENTICATION_TOKEN));
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of(
            "everything missing",
            Map.of("authorization", "AWS4-HMAC-SHA256"),
            "Authorization header requires 'Credential' parameter. Authorization header requires"
                + " 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter."
                + " Authorization header requires existence of either a 'X-Amz-Date' or a 'Date'"
                + " header. Authorization=AWS4-HMAC-SHA256"),
        Arguments.of(
            "no signature",
            Map.of(
                "authorization",
                "AWS4-HMAC-SHA256 Credential=" + CREDENTIAL + ", SignedHeaders=host;x-amz-date",
                "x-amz-date",
                AMZ_DATE),
            "Authorization header requires 'Signature' parameter. Authorization=AWS4-HMAC-SHA256"
                + " Credential="
                + CREDENTIAL
                + ", SignedHeaders=host;x-amz-date"),
        Arguments.of(
            "an empty credential",
            Map.of(
                "authorization",
                "AWS4-HMAC-SHA256 Credential=, SignedHeaders=host, Signature=" + SIGNATURE,
                "x-amz-date",
                AMZ_DATE),
            "Authorization header requires 'Credential' parameter. Authorization=AWS4-HMAC-SHA256"
                + " Credential=, SignedHeaders=host, Signature="
                + SIGNATURE),
        Arguments.of(
            "no date header",
            Map.of("authorization", VALID),
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."
                + " Authorization="
                + VALID),
        Arguments.of(
            "a space after Credential=",
            Map.of(
                "authorization",
                "AWS4-HMAC-SHA256 Credential= " + CREDENTIAL + ", SignedHeaders=host",
                "x-amz-date",
                AMZ_DATE),
            "'"
                + CREDENTIAL
                + "' not a valid key=value pair (missing equal-sign) in Authorization header:"
                + " 'AWS4-HMAC-SHA256 Credential= "
                + CREDENTIAL
                + ", SignedHeaders=host'."),
        Arguments.of(
            "an X-Amz-Date in extended format",
            Map.of("authorization", VALID, "x-amz-date", "2025-01-01T12:00:00Z"),
            "Date must be in ISO-8601 'basic format'. Got '2025-01-01T12:00:00Z'. See"
                + " http://en.wikipedia.org/wiki/ISO_8601"),
        Arguments.of(
            "an impossible X-Amz-Date",
            Map.of("authorization", VALID, "x-amz-date", "20251301T120000Z"),
            "Date must be in ISO-8601 'basic format'. Got '20251301T120000Z'. See"
                + " http://en.wikipedia.org/wiki/ISO_8601"),
        Arguments.of(
            "another AWS4 algorithm",
            Map.of("authorization", VALID.replace("SHA256", "SHA512"), "x-amz-date", AMZ_DATE),
            "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512' (only AWS4-HMAC-SHA256 for now). "),
        Arguments.of(
            "a bearer token",
            Map.of("authorization", "Bearer abc.def", "x-amz-date", AMZ_DATE),
            "Unsupported AWS 'algorithm': 'Bearer' (only AWS4-HMAC-SHA256 for now). "),
        Arguments.of(
            "a four-part credential",
            Map.of(
                "authorization",
                VALID.replace(CREDENTIAL, "AKID/20250101/us-east-1/sagemaker"),
                "x-amz-date",
                AMZ_DATE),
            "Credential must have exactly 5 slash-delimited elements, e.g."
                + " keyid/date/region/service/term, got 'AKID/20250101/us-east-1/sagemaker'"),
        Arguments.of(
            "a six-part credential",
            Map.of(
                "authorization",
                VALID.replace(CREDENTIAL, CREDENTIAL + "/x"),
                "x-amz-date",
                AMZ_DATE),
            "Credential must have exactly 5 slash-delimited elements, e.g."
                + " keyid/date/region/service/term, got '"
                + CREDENTIAL
                + "/x'"),
        Arguments.of(
            "a credential of slashes only",
            Map.of("authorization", VALID.replace(CREDENTIAL, "///"), "x-amz-date", AMZ_DATE),
            "Credential must have exactly 5 slash-delimited elements, e.g."
                + " keyid/date/region/service/term, got '///'"),
        Arguments.of(
            "a key without a value between parameters",
            Map.of(
                "authorization",
                "AWS4-HMAC-SHA256 Credential=" + CREDENTIAL + ", Bogus, Signature=" + SIGNATURE,
                "x-amz-date",
                AMZ_DATE),
            "'Bogus' not a valid key=value pair (missing equal-sign) in Authorization header:"
                + " 'AWS4-HMAC-SHA256 Credential="
                + CREDENTIAL
                + ", Bogus, Signature="
                + SIGNATURE
                + "'."));
  }

  @Test
  void trailing_slashes_after_the_credential_are_ignored_and_inner_empty_elements_count() {
    SigV4Credential credential =
        verifier.parse(
            request(
                Map.of(
                    "authorization",
                    VALID.replace(CREDENTIAL, CREDENTIAL + "//"),
                    "x-amz-date",
                    AMZ_DATE)));
    assertThat(credential.scope()).isEqualTo("20250101/us-east-1/sagemaker/aws4_request");

    // Five elements, one of them empty: the scope check, not the count, refuses it.
    assertThatThrownBy(
            () ->
                verifier.parse(
                    request(
                        Map.of(
                            "authorization",
                            VALID.replace(CREDENTIAL, "AKID//us-east-1/sagemaker/aws4_request"),
                            "x-amz-date",
                            AMZ_DATE))))
        .isInstanceOfSatisfying(
            AwsServiceException.class,
            e -> assertThat(e.error().code()).isEqualTo(AwsErrorCode.INVALID_SIGNATURE));
  }

  @Test
  void unknown_parameters_are_ignored_and_a_repeated_one_counts_last() {
    SigV4Credential credential =
        verifier.parse(
            request(
                Map.of(
                    "authorization",
                    VALID + ", Extra=1, Signature=" + SIGNATURE.replace('0', '1'),
                    "x-amz-date",
                    AMZ_DATE)));

    assertThat(credential.signature()).isEqualTo(SIGNATURE.replace('0', '1'));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void a_malformed_authorization_is_an_incomplete_signature(
      String what, Map<String, String> headers, String message) {
    assertThatThrownBy(() -> verifier.parse(request(headers)))
        .isInstanceOfSatisfying(
            AwsServiceException.class,
            e -> {
              assertThat(e.error().code()).isEqualTo(AwsErrorCode.INCOMPLETE_SIGNATURE);
              assertThat(e.error().message()).isEqualTo(message);
            });
  }

  static Stream<Arguments> outOfScope() {
    return Stream.of(
        Arguments.of(
            "host not signed",
            VALID.replace("host;x-amz-date", "x-amz-date"),
            "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."),
        Arguments.of(
            "another terminator",
            VALID.replace("aws4_request", "aws5_request"),
            "Credential should be scoped with a valid terminator: 'aws4_request', not"
                + " 'aws5_request'. "),
        Arguments.of(
            "every scope fault at once",
            VALID.replace(CREDENTIAL, "AKID/20241231/us-east-1/s3/aws5_request"),
            "Credential should be scoped to correct service: 'sagemaker'. Credential should be"
                + " scoped with a valid terminator: 'aws4_request', not 'aws5_request'. Date in"
                + " Credential scope does not match YYYYMMDD from ISO-8601 version of date from"
                + " HTTP: '20241231' != '20250101', from '20250101T120000Z'. "));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("outOfScope")
  void an_authorization_out_of_scope_is_an_invalid_signature(
      String what, String authorization, String message) {
    SignableRequest request =
        request(Map.of("authorization", authorization, "x-amz-date", AMZ_DATE));

    assertThatThrownBy(() -> verifier.parse(request))
        .isInstanceOfSatisfying(
            AwsServiceException.class,
            e -> {
              assertThat(e.error().code()).isEqualTo(AwsErrorCode.INVALID_SIGNATURE);
              assertThat(e.error().message()).isEqualTo(message);
            });
  }

  @Test
  void a_region_the_server_does_not_serve_is_named() {
    SigV4Verifier oneRegion =
        new SigV4Verifier(
            "sagemaker",
            Set.of("us-west-2")::contains,
            Clock.fixed(NOW, ZoneOffset.UTC),
            Duration.ofMinutes(5));

    assertThatThrownBy(
            () -> oneRegion.parse(request(Map.of("authorization", VALID, "x-amz-date", AMZ_DATE))))
        .isInstanceOfSatisfying(
            AwsServiceException.class,
            e -> {
              assertThat(e.error().code()).isEqualTo(AwsErrorCode.INVALID_SIGNATURE);
              assertThat(e.error().message())
                  .isEqualTo("Credential should be scoped to a valid region, not 'us-east-1'. ");
            });
  }

  @Test
  void a_well_formed_authorization_is_parsed_into_its_parts() {
    SigV4Credential credential =
        verifier.parse(
            request(
                Map.of(
                    "authorization",
                    "AWS4-HMAC-SHA256   Credential="
                        + CREDENTIAL
                        + ",SignedHeaders=host;x-amz-date,Signature="
                        + SIGNATURE,
                    "x-amz-date",
                    AMZ_DATE,
                    "x-amz-security-token",
                    "token")));

    assertThat(credential)
        .isEqualTo(
            new SigV4Credential(
                "AKID",
                "20250101",
                "us-east-1",
                "sagemaker",
                List.of("host", "x-amz-date"),
                SIGNATURE,
                AMZ_DATE,
                "token"));
    assertThat(credential.toString()).doesNotContain("token]").contains("securityToken=present");
  }

  @Test
  void a_date_header_stands_in_for_x_amz_date() {
    SigV4Credential credential =
        verifier.parse(
            request(Map.of("authorization", VALID, "date", "Wed, 01 Jan 2025 12:00:00 GMT")));

    assertThat(credential.amzDate()).isEqualTo(AMZ_DATE);
  }

  @Test
  void a_declared_payload_hash_that_is_not_the_bodys_is_an_invalid_signature() {
    SignableRequest request =
        request(
            Map.of(
                "authorization", VALID,
                "x-amz-date", AMZ_DATE,
                "x-amz-content-sha256", SigV4Verifier.sha256Hex("other".getBytes())));
    SigV4Credential credential = verifier.parse(request);

    assertThatThrownBy(
            () ->
                verifier.verify(
                    credential, request, SigV4Verifier.sha256Hex(new byte[0]), "secret"))
        .isInstanceOfSatisfying(
            AwsServiceException.class,
            e -> {
              assertThat(e.error().code()).isEqualTo(AwsErrorCode.INVALID_SIGNATURE);
              assertThat(e.error().message()).isEqualTo(SigV4Verifier.SIGNATURE_MISMATCH);
            });
  }

  @Test
  void verify_refuses_a_credential_that_does_not_sign_host() {
    SigV4Credential credential =
        new SigV4Credential(
            "AKID",
            "20250101",
            "us-east-1",
            "sagemaker",
            List.of("x-amz-date"),
            SIGNATURE,
            AMZ_DATE,
            null);

    assertThatThrownBy(
            () ->
                verifier.verify(
                    credential,
                    request(Map.of("x-amz-date", AMZ_DATE)),
                    SigV4Verifier.sha256Hex(new byte[0]),
                    "secret"))
        .isInstanceOfSatisfying(
            AwsServiceException.class,
            e -> assertThat(e.error().code()).isEqualTo(AwsErrorCode.INVALID_SIGNATURE));
  }

  @Test
  void the_payload_hash_is_lower_case_hex_sha256() {
    assertThat(SigV4Verifier.sha256Hex(new byte[0]))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  private static SignableRequest request(Map<String, String> headers) {
    return SignableRequest.of("POST", "/", null, headers);
  }
}
