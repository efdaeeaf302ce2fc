package dev.berth.awswire.sigv4;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Signs requests with AWS Signature Version 4, for Berth's own CLI and load generator; what it
 * signs, {@link SigV4Verifier} accepts, and so does AWS.
 *
 * <pre>{@code
 * SigV4Signer signer = new SigV4Signer("sagemaker", "us-east-1", accessKeyId, secret);
 * Map<String, String> added =
 *     signer.sign("POST", "/", null, Map.of("host", "localhost:8080"), body, Instant.now());
 * }</pre>
 *
 * <p>Thread-safe: the load generator shares one signer between its threads.
 */
public final class SigV4Signer {
  /** Headers this signer sets itself; copies in the caller's map are replaced, in any case. */
  private static final Set<String> OWN_HEADERS =
      Set.of("authorization", "x-amz-date", "x-amz-content-sha256", "x-amz-security-token");

  private final String serviceName;
  private final String region;
  private final String accessKeyId;
  private final String secretAccessKey;
  private final String sessionToken;
  // A signer has one secret, region and service: a few entries cover the days it lives through.
  private final SigningKeyCache signingKeys = new SigningKeyCache(4);

  /** A signer with long-term credentials. */
  public SigV4Signer(
      String serviceName, String region, String accessKeyId, String secretAccessKey) {
    this(serviceName, region, accessKeyId, secretAccessKey, null);
  }

  /** A signer with temporary credentials: {@code sessionToken} is sent and signed. */
  public SigV4Signer(
      String serviceName,
      String region,
      String accessKeyId,
      String secretAccessKey,
      String sessionToken) {
    this.serviceName = Objects.requireNonNull(serviceName, "serviceName");
    this.region = Objects.requireNonNull(region, "region");
    this.accessKeyId = Objects.requireNonNull(accessKeyId, "accessKeyId");
    this.secretAccessKey = Objects.requireNonNull(secretAccessKey, "secretAccessKey");
    this.sessionToken = sessionToken;
  }

  /**
   * Signs a request and returns the headers to add to it: {@code Authorization}, {@code
   * X-Amz-Date}, {@code x-amz-content-sha256} and, with temporary credentials, {@code
   * X-Amz-Security-Token}.
   *
   * @param rawPath the path as it will be sent, percent-encoded
   * @param rawQuery the query as it will be sent, without {@code ?}; null or empty for none
   * @param headers the request's headers, all of which are signed; must include {@code host}
   * @param body the body as it will be sent; empty for none
   * @param now the signing time, whole seconds are used
   */
  public Map<String, String> sign(
      String method,
      String rawPath,
      String rawQuery,
      Map<String, String> headers,
      byte[] body,
      Instant now) {
    String payloadHash = SigV4Verifier.sha256Hex(body);
    Map<String, String> added = new LinkedHashMap<>();
    added.put("X-Amz-Date", AmzDate.format(now));
    added.put("x-amz-content-sha256", payloadHash);
    if (sessionToken != null) {
      added.put("X-Amz-Security-Token", sessionToken);
    }

    Map<String, String> all = new LinkedHashMap<>();
    headers.forEach(
        (name, value) -> {
          if (!OWN_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
            all.put(name, value);
          }
        });
    all.putAll(added);
    SignableRequest request = SignableRequest.of(method, rawPath, rawQuery, all);

    Map<String, String> result = new LinkedHashMap<>();
    result.put("Authorization", authorization(request, List.copyOf(all.keySet()), payloadHash));
    result.putAll(added);
    return result;
  }

  /**
   * The {@code Authorization} value for {@code request} as it stands, signing exactly {@code
   * signedHeaders}: the lower-level form of {@link #sign}, for requests that already carry their
   * {@code X-Amz-Date} (and session token).
   *
   * @param signedHeaders header names in any case and order; they are lower-cased and sorted, and
   *     must include {@code host} and {@code x-amz-date}
   */
  public String authorization(
      SignableRequest request, List<String> signedHeaders, String payloadSha256Hex) {
    TreeSet<String> names = new TreeSet<>();
    for (String name : signedHeaders) {
      names.add(name.toLowerCase(Locale.ROOT));
    }
    if (!names.contains("host")) {
      throw new IllegalArgumentException("the host header must be signed");
    }
    String amzDate = request.header("x-amz-date");
    if (amzDate == null || !names.contains("x-amz-date")) {
      throw new IllegalArgumentException("the request must carry a signed X-Amz-Date");
    }
    List<String> sorted = List.copyOf(names);
    String date = amzDate.substring(0, Math.min(8, amzDate.length()));
    String scope = CanonicalRequest.scope(date, region, serviceName);
    String stringToSign =
        CanonicalRequest.of(request, sorted, payloadSha256Hex).stringToSign(amzDate, scope);
    byte[] key = signingKeys.key(secretAccessKey, date, region, serviceName);
    return CanonicalRequest.ALGORITHM
        + " Credential="
        + accessKeyId
        + "/"
        + scope
        + ", SignedHeaders="
        + String.join(";", sorted)
        + ", Signature="
        + Sha256.toHex(Sha256.hmac(key, stringToSign));
  }
}
