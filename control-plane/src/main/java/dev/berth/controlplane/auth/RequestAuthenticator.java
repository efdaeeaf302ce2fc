package dev.berth.controlplane.auth;

import dev.berth.awswire.error.AwsErrorCode;
import dev.berth.awswire.error.AwsServiceException;
import dev.berth.awswire.sigv4.ServedRegions;
import dev.berth.awswire.sigv4.SigV4Credential;
import dev.berth.awswire.sigv4.SigV4Verifier;
import dev.berth.awswire.sigv4.SignableRequest;
import dev.berth.controlplane.domain.Caller;
import io.smallrye.mutiny.Uni;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/**
 * Turns a signed request into a {@link Caller}: SigV4 form, scope and clock first, then the key,
 * then the signature over the body (spec §1.5, §9.4).
 */
public final class RequestAuthenticator {

  private final SigV4Verifier verifier;
  private final AccessKeyDirectory keys;

  /**
   * @param keys where keys are looked up
   * @param regions the regions served; empty serves any well-formed region
   * @param clockSkew the allowed distance between the signing time and ours
   */
  public RequestAuthenticator(AccessKeyDirectory keys, Set<String> regions, Duration clockSkew) {
    this.verifier =
        new SigV4Verifier("sagemaker", ServedRegions.of(regions), Clock.systemUTC(), clockSkew);
    this.keys = keys;
  }

  /** Authenticates {@code request}, whose body hashes to {@code payloadSha256Hex}. */
  public Uni<Caller> authenticate(SignableRequest request, String payloadSha256Hex) {
    SigV4Credential credential;
    try {
      credential = verifier.parse(request);
    } catch (AwsServiceException e) {
      return Uni.createFrom().failure(e);
    }
    return keys.find(credential.accessKeyId())
        .map(
            found -> {
              AccessKey key =
                  found.orElseThrow(
                      () ->
                          new AwsServiceException(
                              AwsErrorCode.UNRECOGNIZED_CLIENT,
                              "The security token included in the request is invalid."));
              verifier.verify(credential, request, payloadSha256Hex, key.secretAccessKey());
              return new Caller(
                  key.account(),
                  credential.region(),
                  key.accessKeyId(),
                  key.allowedActions(),
                  key.admin());
            });
  }
}
