package dev.berth.awswire.sigv4;

import java.util.Collection;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which credential-scope regions a process serves, as the {@code regionServed} predicate of {@link
 * SigV4Verifier}: the configured regions, or, with none configured, any well-formed region name.
 * Both planes answer a region outside it alike, inside the verifier's scope check.
 *
 * <p>Usage: {@code new SigV4Verifier("sagemaker", ServedRegions.of(regions), clock, skew)}
 */
public final class ServedRegions {
  private ServedRegions() {}

  /** {@code regions} exactly, or every {@link #wellFormed} name when it is empty. */
  public static Predicate<String> of(Collection<String> regions) {
    Set<String> served = Set.copyOf(regions);
    return served.isEmpty() ? ServedRegions::wellFormed : served::contains;
  }

  /**
   * Whether {@code region} has the form {@code [a-z]{2}(-[a-z]+)+-\d{1,2}}, e.g. {@code us-east-1}:
   * checked by hand rather than by a regex, as it runs on every invocation.
   */
  public static boolean wellFormed(String region) {
    int n = region.length();
    int digits = 0;
    while (digits < n && digits < 3 && isDigit(region.charAt(n - 1 - digits))) {
      digits++;
    }
    int end = n - digits - 1;
    if (digits < 1 || digits > 2 || end < 4 || region.charAt(end) != '-') {
      return false;
    }
    for (int i = 0; i < end; i++) {
      char c = region.charAt(i);
      boolean letter = c >= 'a' && c <= 'z';
      if (i < 2 ? !letter : !(letter || (c == '-' && region.charAt(i - 1) != '-'))) {
        return false;
      }
      if (i == 2 && c != '-') {
        return false;
      }
    }
    return region.charAt(end - 1) != '-';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
