package dev.berth.awswire.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ServedRegionsTest {
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");

  @Test
  void theHandWrittenRegionCheckAgreesWithThePattern() {
    String[] samples = {
      "us-east-1",
      "eu-west-3",
      "ap-southeast-12",
      "us-gov-west-1",
      "cn-north-1",
      "us-east-123",
      "us-east-",
      "us-1",
      "use-east-1",
      "us--east-1",
      "us-east--1",
      "US-east-1",
      "us-east-1a",
      "-us-east-1",
      "us-east",
      "",
      "u-east-1",
      "us-ea5t-1",
      "us-east-١",
      "us-e-1"
    };
    for (String region : samples) {
      assertThat(ServedRegions.wellFormed(region))
          .as(region)
          .isEqualTo(REGION.matcher(region).matches());
    }
  }

  @Test
  void configuredRegionsAreServedExactlyAndNoneMeansAnyWellFormedOne() {
    Predicate<String> two = ServedRegions.of(List.of("us-east-1", "eu-west-1"));
    assertThat(two.test("eu-west-1")).isTrue();
    assertThat(two.test("us-west-2")).isFalse();
    assertThat(two.test("US-EAST-1")).isFalse();

    Predicate<String> any = ServedRegions.of(List.of());
    assertThat(any.test("us-west-2")).isTrue();
    assertThat(any.test("not a region")).isFalse();
  }
}
