package dev.berth.awswire.sigv4;

import java.util.List;

/**
 * What the {@code Authorization} header says, parsed and checked for form, scope and clock by
 * {@link SigV4Verifier#parse}; the caller looks up the secret of {@link #accessKeyId()} and, for
 * temporary credentials, checks {@link #securityToken()}, before {@link SigV4Verifier#verify}.
 *
 * @param accessKeyId the access key id, first element of the credential; may be empty
 * @param date the scope's date, {@code yyyyMMdd}
 * @param region the scope's region: the region the request addresses
 * @param service the scope's service
 * @param signedHeaders the {@code SignedHeaders} names, in the order given
 * @param signature the signature the client sent
 * @param amzDate the request time, {@code yyyyMMdd'T'HHmmss'Z'}, from {@code X-Amz-Date} or {@code
 *     Date}
 * @param securityToken the {@code X-Amz-Security-Token} header, or null
 */
public record SigV4Credential(
    String accessKeyId,
    String date,
    String region,
    String service,
    List<String> signedHeaders,
    String signature,
    String amzDate,
    String securityToken) {

  public SigV4Credential {
    signedHeaders = List.copyOf(signedHeaders);
  }

  /** The credential scope, {@code date/region/service/aws4_request}. */
  public String scope() {
    return CanonicalRequest.scope(date, region, service);
  }

  @Override
  public String toString() {
    // The session token is a bearer credential: keep it out of logs.
    return "SigV4Credential[accessKeyId="
        + accessKeyId
        + ", scope="
        + scope()
        + ", signedHeaders="
        + String.join(";", signedHeaders)
        + ", amzDate="
        + amzDate
        + ", securityToken="
        + (securityToken == null ? "none" : "present")
        + "]";
  }
}
