package dev.berth.awswire.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.awswire.error.AwsErrorCode;
import dev.berth.awswire.error.AwsServiceException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published AWS SigV4 test suite, table-driven: one row per folder of {@code
 * src/test/resources/sigv4-test-suite} (see the README there for where the files come from).
 */
class SigV4TestSuiteTest {
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  private static final Instant TIME = Instant.parse("2015-08-30T12:36:00Z");
  private static final String SUITE = "/sigv4-test-suite";

  private final SigV4Verifier verifier =
      new SigV4Verifier("service", Clock.fixed(TIME, ZoneOffset.UTC), Duration.ofMinutes(5));
  private final SigV4Signer signer = new SigV4Signer("service", "us-east-1", "AKIDEXAMPLE", SECRET);

  static Stream<String> vectors() throws IOException, URISyntaxException {
    Path root = Path.of(SigV4TestSuiteTest.class.getResource(SUITE).toURI());
    try (Stream<Path> folders = Files.list(root)) {
      return folders
          .filter(Files::isDirectory)
          .map(folder -> folder.getFileName().toString())
          .sorted()
          .toList()
          .stream();
    }
  }

  @Test
  void the_suite_holds_every_vector_that_was_copied() throws Exception {
    assertThat(vectors())
        .hasSize(29)
        .contains(
            "get-vanilla",
            "get-vanilla-query",
            "get-vanilla-query-order-key-case",
            "get-vanilla-query-unreserved",
            "get-header-value-trim",
            "get-header-key-duplicate",
            "post-vanilla",
            "post-vanilla-query",
            "post-x-www-form-urlencoded",
            "post-header-key-sort",
            "get-utf8",
            "get-space",
            "get-slashes",
            "post-sts-header-before");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void the_canonical_request_is_the_suites(String name) throws Exception {
    TestRequest request = request(name);

    String canonical =
        CanonicalRequest.of(request, signedHeaders(name), request.payloadHash()).text();

    assertThat(canonical).isEqualTo(file(name, "creq"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void the_string_to_sign_is_the_suites(String name) throws Exception {
    TestRequest request = request(name);

    String stringToSign =
        CanonicalRequest.of(request, signedHeaders(name), request.payloadHash())
            .stringToSign("20150830T123600Z", "20150830/us-east-1/service/aws4_request");

    assertThat(stringToSign).isEqualTo(file(name, "sts"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void the_verifier_accepts_the_suites_signature(String name) throws Exception {
    TestRequest request = request(name).with("Authorization", file(name, "authz"));

    SigV4Credential credential = verifier.parse(request);

    assertThat(credential.accessKeyId()).isEqualTo("AKIDEXAMPLE");
    assertThat(credential.signedHeaders()).isEqualTo(signedHeaders(name));
    assertThatCode(() -> verifier.verify(credential, request, request.payloadHash(), SECRET))
        .doesNotThrowAnyException();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void the_verifier_rejects_the_suites_signature_under_another_secret(String name)
      throws Exception {
    TestRequest request = request(name).with("Authorization", file(name, "authz"));
    SigV4Credential credential = verifier.parse(request);

    assertThatThrownBy(() -> verifier.verify(credential, request, request.payloadHash(), "x"))
        .isInstanceOfSatisfying(
            AwsServiceException.class,
            e -> assertThat(e.error().code()).isEqualTo(AwsErrorCode.INVALID_SIGNATURE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void the_signer_reproduces_the_suites_authorization(String name) throws Exception {
    TestRequest request = request(name);

    // The suite signs every header of the request, which is what the signer does.
    String authorization =
        signer.authorization(request, request.headerNames(), request.payloadHash());

    assertThat(authorization).isEqualTo(file(name, "authz"));
  }

  private static TestRequest request(String name) throws Exception {
    return TestRequest.parse(file(name, "req"));
  }

  private static List<String> signedHeaders(String name) throws Exception {
    String authz = file(name, "authz");
    int start = authz.indexOf("SignedHeaders=") + "SignedHeaders=".length();
    return List.of(authz.substring(start, authz.indexOf(',', start)).split(";"));
  }

  private static String file(String name, String extension) throws Exception {
    Path path =
        Path.of(
            SigV4TestSuiteTest.class
                .getResource(SUITE + "/" + name + "/" + name + "." + extension)
                .toURI());
    return Files.readString(path, StandardCharsets.UTF_8);
  }
}
