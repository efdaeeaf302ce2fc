package dev.berth.controlplane.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FleetIdTest {
  @Test
  void namesAreDeterministicDnsLabels() {
    FleetId id = new FleetId(12, 34, "AllTraffic");
    assertThat(id.name()).isEqualTo(new FleetId(12, 34, "AllTraffic").name());
    assertThat(id.name()).matches("berth-e12-c34-alltraffic-[0-9a-f]{8}");
  }

  @Test
  void variantsThatDifferOnlyInCaseGetDifferentNames() {
    assertThat(new FleetId(1, 1, "Blue").name()).isNotEqualTo(new FleetId(1, 1, "blue").name());
  }

  @Test
  void longOrOddVariantNamesStayWithin63Characters() {
    String name = new FleetId(Long.MAX_VALUE, Long.MAX_VALUE, "A".repeat(63)).name();
    assertThat(name).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    assertThat(new FleetId(1, 2, "---").name()).matches("berth-e1-c2-[0-9a-f]{8}");
  }
}
