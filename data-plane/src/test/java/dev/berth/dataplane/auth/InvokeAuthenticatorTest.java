package dev.berth.dataplane.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class InvokeAuthenticatorTest {
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
      assertThat(InvokeAuthenticator.wellFormedRegion(region))
          .as(region)
          .isEqualTo(REGION.matcher(region).matches());
    }
  }
}
