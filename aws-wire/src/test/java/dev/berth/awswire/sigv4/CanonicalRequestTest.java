package dev.berth.awswire.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The canonicalization rules, one at a time, beyond what the published suite covers. */
class CanonicalRequestTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''|/",
        "/|/",
        "/endpoints/My-Endpoint/invocations|/endpoints/My-Endpoint/invocations",
        "/endpoints/a%20b/invocations|/endpoints/a%2520b/invocations",
        "/a%2Fb|/a%252Fb",
        "/a+b:c@d|/a%2Bb%3Ac%40d",
        "/foo/bar/.|/foo/bar",
        "/foo/bar/./|/foo/bar/",
        "/a/b/../c|/a/c",
        "/..|/..",
        "/%2E%2E/x|/%252E%252E/x",
        "//a//b//|/a/b/",
        "/a/|/a/",
        "a/b|/a/b",
        "/a/.b/c..|/a/.b/c..",
        "/a/..b/...|/a/..b/...",
        "/a/./b|/a/b",
        "/a/b/..|/a",
        "/ep_1.x~-Z9/invocations|/ep_1.x~-Z9/invocations",
        "/a b|/a%20b",
      })
  void the_uri_is_normalized_then_encoded_once_more(String rawPath, String canonical) {
    assertThat(CanonicalRequest.canonicalUri(rawPath)).isEqualTo(canonical);
    // The canonical request takes a path that is already canonical as it is.
    SignableRequest request = SignableRequest.of("GET", rawPath, null, Map.of("host", "h"));
    String text = CanonicalRequest.of(request, List.of("host"), "p").text();
    assertThat(text.split("\n")[1]).isEqualTo(canonical);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''|''",
        "a=1|a=1",
        "b=2&a=1|a=1&b=2",
        "a=2&a=10&a=1|a=1&a=10&a=2",
        "flag|flag=",
        "flag=|flag=",
        "=orphan&a=1|a=1",
        "&&a=1&|a=1",
        "q=x%20y|q=x%20y",
        "q=x+y|q=x%2By",
        "q=a%2fb|q=a%2Fb",
        "q=100%|q=100%25",
        "q=%zz|q=%25zz",
        "%E1%88%B4=bar|%E1%88%B4=bar",
        "Z=1&a=1|Z=1&a=1",
      })
  void the_query_is_decoded_encoded_and_sorted(String rawQuery, String canonical) {
    assertThat(CanonicalRequest.canonicalQuery(rawQuery)).isEqualTo(canonical);
  }

  @Test
  void a_header_value_is_trimmed_and_its_whitespace_runs_collapsed() {
    assertThat(CanonicalRequest.canonicalHeaderValue(" \t a  \t b\r\n c \f")).isEqualTo("a b c");
    assertThat(CanonicalRequest.canonicalHeaderValue(null)).isEmpty();
    assertThat(CanonicalRequest.canonicalHeaderValue("v1,v2")).isEqualTo("v1,v2");
  }

  @Test
  void exactly_the_signed_headers_appear_in_the_order_given() {
    SignableRequest request =
        SignableRequest.of(
            "POST", "/", null, Map.of("Host", "h", "X-Amz-Date", "d", "User-Agent", "not signed"));

    String text =
        CanonicalRequest.of(request, List.of("host", "x-amz-date", "x-missing"), "p").text();

    assertThat(text)
        .isEqualTo("POST\n/\n\nhost:h\nx-amz-date:d\nx-missing:\n\nhost;x-amz-date;x-missing\np");
  }

  @Test
  void the_scope_ends_with_the_terminator() {
    assertThat(CanonicalRequest.scope("20250101", "us-east-1", "sagemaker"))
        .isEqualTo("20250101/us-east-1/sagemaker/aws4_request");
  }
}
