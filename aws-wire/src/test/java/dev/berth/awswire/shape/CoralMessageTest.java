package dev.berth.awswire.shape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CoralMessageTest {

  @Test
  void aViolationPrintsItsValueQuoted() {
    Violation violation =
        new Violation("modelName", "abc", "Member must have length less than or equal to 2");

    assertThat(violation.toCoral())
        .isEqualTo(
            "Value 'abc' at 'modelName' failed to satisfy constraint: "
                + "Member must have length less than or equal to 2");
  }

  @Test
  void aMissingMemberPrintsNullUnquoted() {
    assertThat(Violation.notNull("endpointName").toCoral())
        .isEqualTo(
            "Value null at 'endpointName' failed to satisfy constraint: Member must not be null");
  }

  @Test
  void anEnumViolationListsTheAllowedValuesInTheOrderGiven() {
    Violation violation =
        Violation.enumValue(
            "productionVariants.1.member.instanceType",
            "ml.foo",
            List.of("ml.g5.xlarge", "ml.c5.large"));

    assertThat(violation.toCoral())
        .isEqualTo(
            "Value 'ml.foo' at 'productionVariants.1.member.instanceType' failed to satisfy"
                + " constraint: Member must satisfy enum value set: [ml.g5.xlarge, ml.c5.large]");
  }

  @Test
  void oneViolationIsCountedInTheSingular() {
    assertThat(CoralMessage.of(List.of(Violation.notNull("endpointName"))))
        .isEqualTo(
            "1 validation error detected: Value null at 'endpointName' failed to satisfy"
                + " constraint: Member must not be null");
  }

  @Test
  void severalViolationsAreCountedAndJoinedBySemicolons() {
    String message =
        CoralMessage.of(
            List.of(
                Violation.notNull("endpointConfigName"),
                Violation.notNull("endpointName"),
                new Violation("tags", "[]", "Member must have length greater than or equal to 1")));

    assertThat(message)
        .isEqualTo(
            "3 validation errors detected: "
                + "Value null at 'endpointConfigName' failed to satisfy constraint: Member must not"
                + " be null; "
                + "Value null at 'endpointName' failed to satisfy constraint: Member must not be"
                + " null; "
                + "Value '[]' at 'tags' failed to satisfy constraint: Member must have length"
                + " greater than or equal to 1");
  }

  @Test
  void noViolationsIsNotAMessage() {
    assertThatThrownBy(() -> CoralMessage.of(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
