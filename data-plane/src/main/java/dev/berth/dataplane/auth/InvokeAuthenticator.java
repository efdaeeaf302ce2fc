package dev.berth.dataplane.auth;

import dev.berth.awswire.arn.Arn;
import dev.berth.awswire.arn.ResourceType;
import dev.berth.awswire.error.AwsErrorCode;
import dev.berth.awswire.error.AwsServiceException;
import dev.berth.awswire.sigv4.ServedRegions;
import dev.berth.awswire.sigv4.SigV4Credential;
import dev.berth.awswire.sigv4.SigV4Verifier;
import dev.berth.awswire.sigv4.SignableRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/**
 * SigV4 for InvokeEndpoint (spec §1.5, §9.4), in two steps around the key lookup so that the event
 * loop never waits on PostgreSQL: {@link #parse} (form, scope, clock), then, with the key in hand,
 * {@link #verify} (signature over the body, allow-list).
 */
public final class InvokeAuthenticator {
  /** The IAM action every runtime operation is authorized as. */
  public static final String INVOKE_ACTION = "sagemaker:InvokeEndpoint";

  private static final String UNKNOWN_KEY =
      "The security token included in the request is invalid.";

  private final SigV4Verifier verifier;

  /**
   * @param regions the regions served; empty serves any well-formed region
   * @param clockSkew the allowed distance between the signing time and ours
   */
  public InvokeAuthenticator(Set<String> regions, Duration clockSkew) {
    this.verifier =
        new SigV4Verifier("sagemaker", ServedRegions.of(regions), Clock.systemUTC(), clockSkew);
  }

  /**
   * Step 1: the Authorization header's form, scope (a region not served is one of its faults) and
   * clock.
   *
   * @throws AwsServiceException with the runtime's 403 codes
   */
  public SigV4Credential parse(SignableRequest request) {
    return verifier.parse(request);
  }

  /**
   * Step 2: the signature over the body with the key's secret, then the key's allow-list. {@code
   * key} null means no such key.
   *
   * @param endpointName the endpoint invoked, for the resource of an AccessDenied text
   * @throws AwsServiceException {@code UnrecognizedClientException}, {@code
   *     InvalidSignatureException} or {@code AccessDeniedException}
   */
  public Caller verify(
      SigV4Credential credential,
      SignableRequest request,
      String payloadSha256Hex,
      AccessKey key,
      String endpointName) {
    if (key == null) {
      throw new AwsServiceException(AwsErrorCode.UNRECOGNIZED_CLIENT, UNKNOWN_KEY);
    }
    verifier.verify(credential, request, payloadSha256Hex, key.secretAccessKey());
    Caller caller = new Caller(key.account(), credential.region(), key.accessKeyId());
    if (!key.allows(INVOKE_ACTION)) {
      String resource =
          Arn.of(caller.region(), caller.account(), ResourceType.ENDPOINT, endpointName).toString();
      throw new AwsServiceException(
          AwsErrorCode.ACCESS_DENIED,
          "User: "
              + caller.principalArn()
              + " is not authorized to perform: "
              + INVOKE_ACTION
              + " on resource: "
              + resource
              + " because no identity-based policy allows the "
              + INVOKE_ACTION
              + " action");
    }
    return caller;
  }
}
