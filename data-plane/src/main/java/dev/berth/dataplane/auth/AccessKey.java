package dev.berth.dataplane.auth;

import java.util.Set;

/**
 * An access key as the data plane needs it.
 *
 * @param accessKeyId the id callers sign with
 * @param secretAccessKey the secret
 * @param account the account it belongs to
 * @param allowedActions its allow-list; empty means every action
 */
public record AccessKey(
    String accessKeyId, String secretAccessKey, String account, Set<String> allowedActions) {

  /** True if the allow-list grants {@code action} (exactly, ignoring case, or by a trailing *). */
  public boolean allows(String action) {
    if (allowedActions.isEmpty() || allowedActions.contains(action)) {
      return true;
    }
    for (String allowed : allowedActions) {
      if (allowed.equalsIgnoreCase(action)
          || (allowed.endsWith("*")
              && action.regionMatches(true, 0, allowed, 0, allowed.length() - 1))) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "AccessKey[" + accessKeyId + ", account=" + account + "]";
  }
}
