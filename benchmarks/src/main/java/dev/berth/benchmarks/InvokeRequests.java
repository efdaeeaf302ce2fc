package dev.berth.benchmarks;

import dev.berth.awswire.sigv4.SigV4Signer;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * Signed InvokeEndpoint requests ({@code POST /endpoints/{name}/invocations}, SigV4 for service
 * {@code sagemaker}), the payloads taken in turn.
 *
 * <p>Every request carries a signature made for its own second with the credentials current then. A
 * SigV4 signature covers the time to the whole second, so requests with the same payload in the
 * same second have the same signature: it is computed once per payload and second, and reused for
 * the rest of that second, which keeps signing off the generator's hot path.
 *
 * <p>Usage: {@code new InvokeRequests(host, path, region, "application/json", null, null, payloads,
 * credentials::current).source()}
 */
public final class InvokeRequests {
  /** SageMaker's rule for endpoint names, which need no percent-encoding in the path. */
  private static final Pattern ENDPOINT_NAME = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}");

  private final String host;
  private final String path;
  private final String region;
  private final String contentType;
  private final String accept;
  private final String targetVariant;
  private final List<Buffer> payloads;
  private final Supplier<AwsCredentials> credentials;

  /**
   * @param host the {@code host} header the client sends, as signed
   * @param path the request path, e.g. from {@link #invocationsPath}
   * @param accept the {@code Accept} header, or null for none
   * @param targetVariant {@code X-Amzn-SageMaker-Target-Variant}, or null for none
   * @param payloads the bodies, sent in turn; at least one
   * @param credentials the credentials to sign with, read once per second
   */
  public InvokeRequests(
      String host,
      String path,
      String region,
      String contentType,
      String accept,
      String targetVariant,
      List<Buffer> payloads,
      Supplier<AwsCredentials> credentials) {
    if (payloads.isEmpty()) {
      throw new IllegalArgumentException("at least one payload is needed");
    }
    this.host = host;
    this.path = path;
    this.region = region;
    this.contentType = contentType;
    this.accept = accept;
    this.targetVariant = targetVariant;
    this.payloads = List.copyOf(payloads);
    this.credentials = credentials;
  }

  /**
   * The path of InvokeEndpoint for {@code endpointName} under {@code basePath} (the endpoint URL's
   * own path, usually empty).
   *
   * @throws IllegalArgumentException when the name is not a valid SageMaker endpoint name
   */
  public static String invocationsPath(String basePath, String endpointName) {
    if (endpointName == null || !ENDPOINT_NAME.matcher(endpointName).matches()) {
      throw new IllegalArgumentException(
          "not a valid endpoint name (letters, digits and hyphens, up to 63): " + endpointName);
    }
    String base = basePath == null ? "" : basePath.replaceAll("/+$", "");
    return base + "/endpoints/" + endpointName + "/invocations";
  }

  /** The requests, one payload after the other; call on the generator's event loop only. */
  public LoadRequest.Source source() {
    LoadRequest[] signed = new LoadRequest[payloads.size()];
    long[] signedSecond = {Long.MIN_VALUE};
    AwsCredentials[] signedWith = {null};
    SigV4Signer[] signer = {null};
    int[] turn = {0};
    return () -> {
      long second = System.currentTimeMillis() / 1000;
      AwsCredentials now = credentials.get();
      if (now != signedWith[0] && !now.equals(signedWith[0])) {
        signer[0] = SigningCredentials.signer("sagemaker", region, now);
        signedWith[0] = now;
        signedSecond[0] = Long.MIN_VALUE;
      }
      if (second != signedSecond[0]) {
        Instant at = Instant.ofEpochSecond(second);
        for (int i = 0; i < signed.length; i++) {
          signed[i] = sign(signer[0], payloads.get(i), at);
        }
        signedSecond[0] = second;
      }
      LoadRequest next = signed[turn[0]];
      turn[0] = (turn[0] + 1) % signed.length;
      return next;
    };
  }

  /** One request for {@code body}, signed for {@code at}. */
  LoadRequest sign(SigV4Signer with, Buffer body, Instant at) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("host", host);
    headers.put("content-type", contentType);
    if (accept != null) {
      headers.put("accept", accept);
    }
    if (targetVariant != null) {
      headers.put("x-amzn-sagemaker-target-variant", targetVariant);
    }
    Map<String, String> added = with.sign("POST", path, "", headers, body.getBytes(), at);
    MultiMap out = MultiMap.caseInsensitiveMultiMap();
    // Vert.x writes Host itself, from the same authority the signature covers.
    headers.forEach(
        (name, value) -> {
          if (!name.equals("host")) {
            out.add(name, value);
          }
        });
    added.forEach(out::add);
    return new LoadRequest(path, out, body);
  }
}
