package dev.berth.awswire.shape;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The text of a {@code ValidationException} listing every violation of one request, as AWS's Coral
 * framework words it (spec §3.4): {@code 1 validation error detected: X} or {@code N validation
 * errors detected: X; Y; Z}.
 */
public final class CoralMessage {
  private CoralMessage() {}

  /**
   * Joins violations in the order given.
   *
   * @throws IllegalArgumentException when there are none: an empty message would be a bug
   */
  public static String of(List<Violation> violations) {
    if (violations.isEmpty()) {
      throw new IllegalArgumentException("A validation message needs at least one violation");
    }
    String count =
        violations.size() == 1
            ? "1 validation error detected: "
            : violations.size() + " validation errors detected: ";
    return violations.stream().map(Violation::toCoral).collect(Collectors.joining("; ", count, ""));
  }
}
