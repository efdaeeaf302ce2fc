package dev.berth.controlplane;

import dev.berth.awswire.sigv4.SigV4Signer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Hand-made HTTP requests, for what the SDK will not send: bad JSON, old signatures, no auth. */
final class RawApi {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private RawApi() {}

  /** POST / with the given target and body, signed with {@code key} at {@code signedAt}. */
  static HttpResponse<String> post(
      ControlPlaneFixture.Account key, String target, String body, Instant signedAt)
      throws Exception {
    URI url = ControlPlaneFixture.url();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("host", url.getHost() + ":" + url.getPort());
    headers.put("content-type", "application/x-amz-json-1.1");
    headers.put("x-amz-target", target);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    Map<String, String> auth =
        new SigV4Signer("sagemaker", "us-east-1", key.accessKeyId(), key.secret())
            .sign("POST", "/", "", headers, bytes, signedAt);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url.resolve("/"))
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
    request.header("content-type", "application/x-amz-json-1.1").header("x-amz-target", target);
    auth.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** POST / with the given target and body, signed now. */
  static HttpResponse<String> post(ControlPlaneFixture.Account key, String target, String body)
      throws Exception {
    return post(key, target, body, Instant.now());
  }

  /** Any request without a signature. */
  static HttpResponse<String> unsigned(String method, String path, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(ControlPlaneFixture.url().resolve(path))
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .header("x-amz-target", "SageMaker.ListModels")
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
