package dev.berth.dataplane.auth;

import dev.berth.awswire.iam.ActionAllowList;
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

  /** True if the allow-list grants {@code action} ({@link ActionAllowList}). */
  public boolean allows(String action) {
    return ActionAllowList.allows(allowedActions, action);
  }

  @Override
  public String toString() {
    return "AccessKey[" + accessKeyId + ", account=" + account + "]";
  }
}
