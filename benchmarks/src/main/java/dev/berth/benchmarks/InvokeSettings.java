package dev.berth.benchmarks;

import java.net.URI;
import java.util.List;

/**
 * The endpoint a {@code berth bench} run drives and how its requests look.
 *
 * @param endpointUrl the SageMaker Runtime URL: Berth ({@code http://127.0.0.1:8600} for {@code
 *     berth up}) or AWS ({@code https://runtime.sagemaker.us-east-1.amazonaws.com})
 * @param endpointName the endpoint, as InvokeEndpoint's path names it
 * @param bodies the payload files, sent in turn
 * @param contentType the {@code Content-Type} of every request
 * @param accept the {@code Accept} header, or null
 * @param targetVariant {@code X-Amzn-SageMaker-Target-Variant}, or null
 * @param region the region signatures are made for
 * @param connections the most keep-alive connections the generator opens
 */
public record InvokeSettings(
    URI endpointUrl,
    String endpointName,
    List<String> bodies,
    String contentType,
    String accept,
    String targetVariant,
    String region,
    int connections) {

  public InvokeSettings {
    String scheme = endpointUrl.getScheme();
    if (scheme == null
        || !(scheme.equals("http") || scheme.equals("https"))
        || endpointUrl.getHost() == null) {
      throw new IllegalArgumentException(
          "--endpoint-url must be an http:// or https:// URL, got " + endpointUrl);
    }
    InvokeRequests.invocationsPath(endpointUrl.getPath(), endpointName);
    if (bodies.isEmpty()) {
      throw new IllegalArgumentException("--body: at least one payload file");
    }
    if (connections < 1) {
      throw new IllegalArgumentException("--connections must be at least 1");
    }
    bodies = List.copyOf(bodies);
  }

  /** The path InvokeEndpoint is sent to. */
  public String path() {
    return InvokeRequests.invocationsPath(endpointUrl.getPath(), endpointName);
  }
}
