package dev.berth.runtime.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PayloadFormatTest {

  @ParameterizedTest(name = "Accept ''{0}'' after {1} → {2}")
  @CsvSource(
      delimiter = '|',
      nullValues = "null",
      value = {
        "null | text/csv | text/csv",
        "'' | application/x-npy | application/x-npy",
        "*/* | text/csv | text/csv",
        "application/json; charset=utf-8 | text/csv | application/json",
        "TEXT/CSV | application/json | text/csv",
        "image/png, application/x-npy;q=0.5 | text/csv | application/x-npy",
        "image/png, */* | text/csv | text/csv",
      })
  void responseFollowsAccept(String accept, String request, String expected) {
    assertThat(PayloadFormat.responseMediaType(accept, request)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "Content-Type ''{0}'' reads as {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "application/json | application/json",
        "Application/JSON; charset=UTF-8 | application/json",
        "text/csv;header=absent | text/csv",
        " application/x-npy | application/x-npy",
      })
  void contentTypeParametersAreIgnored(String contentType, String expected) {
    assertThat(PayloadFormat.requireReadable(contentType)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"text/plain", "application/octet-stream", "image/jpeg"})
  void otherContentTypesAreUnsupported(String contentType) {
    assertThatThrownBy(() -> PayloadFormat.requireReadable(contentType))
        .isInstanceOf(UnsupportedMediaTypeException.class);
  }
}
