package dev.berth.awswire.iam;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An access key's allow-list of IAM actions ({@code sagemaker:<Operation>}), as both planes read it
 * from {@code access_keys.allowed_actions}: empty grants every action; an entry matches ignoring
 * case, as IAM action names do, and may end in {@code *} ({@code sagemaker:*}, {@code
 * sagemaker:Describe*}, {@code *}).
 *
 * <p>Usage: {@code ActionAllowList.allows(ActionAllowList.parse(stored),
 * "sagemaker:InvokeEndpoint")}
 */
public final class ActionAllowList {
  private ActionAllowList() {}

  /** The entries of a stored comma-separated allow-list; null or blank is the empty list. */
  public static Set<String> parse(String stored) {
    if (stored == null || stored.isBlank()) {
      return Set.of();
    }
    return Arrays.stream(stored.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }

  /** True if {@code allowList} grants {@code action}. */
  public static boolean allows(Set<String> allowList, String action) {
    if (allowList.isEmpty() || allowList.contains(action)) {
      return true;
    }
    for (String allowed : allowList) {
      if (allowed.equalsIgnoreCase(action)
          || (allowed.endsWith("*")
              && action.regionMatches(true, 0, allowed, 0, allowed.length() - 1))) {
        return true;
      }
    }
    return false;
  }
}
