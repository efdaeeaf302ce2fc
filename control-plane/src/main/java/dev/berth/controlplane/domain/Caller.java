package dev.berth.controlplane.domain;

import dev.berth.awswire.iam.ActionAllowList;
import java.util.Set;

/**
 * Who is calling, once SigV4 has checked out: the account and region every resource is scoped to,
 * and what the key may do.
 *
 * @param account the 12-digit account id
 * @param region the region from the credential scope
 * @param accessKeyId the key that signed the request
 * @param allowedActions actions such as {@code sagemaker:CreateEndpoint}; empty means all
 * @param admin whether the key may call Berth's own administration operations
 */
public record Caller(
    String account, String region, String accessKeyId, Set<String> allowedActions, boolean admin) {

  /**
   * True if the key's allow-list grants {@code action} ({@code sagemaker:<Operation>}); entries may
   * end in {@code *} as IAM actions do ({@code sagemaker:*}, {@code sagemaker:Describe*}), and
   * match ignoring case, as IAM action names do.
   */
  public boolean mayCall(String action) {
    return ActionAllowList.allows(allowedActions, action);
  }

  /** The principal ARN used in AccessDenied messages. */
  public String principalArn() {
    return "arn:aws:iam::" + account + ":user/" + accessKeyId;
  }
}
