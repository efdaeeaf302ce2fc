package dev.berth.controlplane.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.awswire.sigv4.SigV4Signer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A client of Berth's administration operations ({@code Berth.*}), signed with SigV4 like every
 * other call. Used by {@code berth keys} and {@code berth quotas}, and by tests.
 *
 * <p>Usage: {@code new AdminClient(URI.create("http://127.0.0.1:8600"), "us-east-1", "test",
 * "test").createAccessKey("111122223333", List.of(), false)}
 */
public final class AdminClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI server;
  private final SigV4Signer signer;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  public AdminClient(URI server, String region, String accessKeyId, String secretAccessKey) {
    this.server = server;
    this.signer = new SigV4Signer("sagemaker", region, accessKeyId, secretAccessKey);
  }

  /** Creates an access key for {@code account} (and the account, if new). */
  public JsonNode createAccessKey(String account, List<String> actions, boolean admin)
      throws AdminException {
    ObjectNode in = JSON.createObjectNode().put("Account", account).put("Admin", admin);
    if (!actions.isEmpty()) {
      actions.forEach(in.putArray("Actions")::add);
    }
    return call("Berth.CreateAccessKey", in);
  }

  /** Sets one quota of an account in a region (null region: the client's). */
  public JsonNode setQuota(String account, String region, String quota, long value)
      throws AdminException {
    ObjectNode in =
        JSON.createObjectNode().put("Account", account).put("Quota", quota).put("Value", value);
    if (region != null) {
      in.put("Region", region);
    }
    return call("Berth.SetQuota", in);
  }

  /** Lists the quotas of an account in a region (null region: the client's). */
  public JsonNode listQuotas(String account, String region) throws AdminException {
    ObjectNode in = JSON.createObjectNode().put("Account", account);
    if (region != null) {
      in.put("Region", region);
    }
    return call("Berth.ListQuotas", in);
  }

  /** Calls any JSON 1.1 operation by target; an error answer becomes an {@link AdminException}. */
  public JsonNode call(String target, JsonNode input) throws AdminException {
    try {
      byte[] body = JSON.writeValueAsBytes(input);
      String host = server.getHost() + (server.getPort() > 0 ? ":" + server.getPort() : "");
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("host", host);
      headers.put("content-type", "application/x-amz-json-1.1");
      headers.put("x-amz-target", target);
      Map<String, String> signed = signer.sign("POST", "/", "", headers, body, Instant.now());
      HttpRequest.Builder request =
          HttpRequest.newBuilder(server.resolve("/"))
              .timeout(Duration.ofSeconds(30))
              .POST(HttpRequest.BodyPublishers.ofByteArray(body));
      headers.forEach(
          (k, v) -> {
            if (!k.equals("host")) {
              request.header(k, v);
            }
          });
      signed.forEach(request::header);
      HttpResponse<byte[]> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      JsonNode out =
          response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body());
      if (response.statusCode() != 200) {
        throw new AdminException(
            out.path("__type").asText("HTTP " + response.statusCode()),
            out.path("message").asText(""));
      }
      return out;
    } catch (IOException e) {
      throw new AdminException(
          "ConnectionFailed", "could not reach " + server + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AdminException("Interrupted", "interrupted");
    }
  }

  /** An error answered by the server, or no answer at all. */
  public static final class AdminException extends Exception {
    private final String code;

    public AdminException(String code, String message) {
      super(code + ": " + message);
      this.code = code;
    }

    /** The error code ({@code __type}). */
    public String code() {
      return code;
    }
  }
}
