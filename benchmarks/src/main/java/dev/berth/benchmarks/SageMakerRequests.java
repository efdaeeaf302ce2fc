package dev.berth.benchmarks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.awswire.sigv4.SigV4Signer;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Signed SageMaker requests (AWS JSON 1.1, SigV4) for the load runs, made as cheaply as the
 * operation allows: the generator shares two cores with the server it measures.
 *
 * <p>Usage: {@code new SageMakerRequests(client.hostHeader(), "us-east-1", key, secret)
 * .describeEndpoints(names)}
 */
public final class SageMakerRequests {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONTENT_TYPE = "application/x-amz-json-1.1";

  private final SigV4Signer signer;
  private final String host;

  /**
   * @param host the {@code host} header the client sends, as signed
   */
  public SageMakerRequests(String host, String region, String accessKeyId, String secret) {
    this.signer = new SigV4Signer("sagemaker", region, accessKeyId, secret);
    this.host = host;
  }

  /**
   * DescribeEndpoint on {@code names} in turn. The bodies never change, so each is signed once per
   * second (the signing time has whole seconds) and its headers are reused until then.
   */
  public LoadRequest.Source describeEndpoints(List<String> names) {
    Buffer[] bodies = new Buffer[names.size()];
    for (int i = 0; i < bodies.length; i++) {
      bodies[i] = Buffer.buffer(json(Map.of("EndpointName", names.get(i))));
    }
    LoadRequest[] signed = new LoadRequest[bodies.length];
    long[] signedSecond = {Long.MIN_VALUE};
    int[] turn = {0};
    return () -> {
      long second = System.currentTimeMillis() / 1000;
      if (second != signedSecond[0]) {
        Instant now = Instant.ofEpochSecond(second);
        for (int i = 0; i < bodies.length; i++) {
          signed[i] = sign("DescribeEndpoint", bodies[i], now);
        }
        signedSecond[0] = second;
      }
      LoadRequest next = signed[turn[0]];
      turn[0] = (turn[0] + 1) % signed.length;
      return next;
    };
  }

  /**
   * CreateEndpoint named {@code prefix-1}, {@code prefix-2}, … on {@code configName}: every body is
   * new, so every request is signed.
   */
  public LoadRequest.Source createEndpoints(String prefix, String configName) {
    long[] sequence = {0};
    return () -> {
      Map<String, String> in = new LinkedHashMap<>();
      in.put("EndpointName", prefix + "-" + ++sequence[0]);
      in.put("EndpointConfigName", configName);
      return sign("CreateEndpoint", Buffer.buffer(json(in)), Instant.now());
    };
  }

  /** One signed request for {@code SageMaker.<operation>}. */
  public LoadRequest sign(String operation, Buffer body, Instant now) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("host", host);
    headers.put("content-type", CONTENT_TYPE);
    headers.put("x-amz-target", "SageMaker." + operation);
    Map<String, String> added = signer.sign("POST", "/", "", headers, body.getBytes(), now);
    MultiMap out = MultiMap.caseInsensitiveMultiMap();
    // Vert.x writes Host itself, from the same authority the signature covers.
    out.add("content-type", CONTENT_TYPE);
    out.add("x-amz-target", "SageMaker." + operation);
    added.forEach(out::add);
    return new LoadRequest(out, body);
  }

  private static byte[] json(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
