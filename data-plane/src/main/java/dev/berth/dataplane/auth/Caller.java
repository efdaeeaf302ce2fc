package dev.berth.dataplane.auth;

/**
 * Who signed an invocation, once the signature checked out.
 *
 * @param account the key's account
 * @param region the region of the credential scope
 * @param accessKeyId the key
 */
public record Caller(String account, String region, String accessKeyId) {
  /** The principal AWS names in an AccessDenied text. */
  public String principalArn() {
    return "arn:aws:iam::" + account + ":user/" + accessKeyId;
  }
}
