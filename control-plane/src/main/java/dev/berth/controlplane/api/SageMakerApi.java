package dev.berth.controlplane.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.awswire.error.AwsError;
import dev.berth.awswire.error.AwsErrorCode;
import dev.berth.awswire.error.AwsServiceException;
import dev.berth.awswire.error.ErrorEnvelope;
import dev.berth.awswire.error.ErrorResponse;
import dev.berth.awswire.error.WireProtocol;
import dev.berth.awswire.sigv4.SigV4Verifier;
import dev.berth.controlplane.auth.RequestAuthenticator;
import dev.berth.controlplane.domain.Caller;
import dev.berth.controlplane.domain.QuotaRefusal;
import dev.berth.controlplane.metrics.ApiMetrics;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /}: the SageMaker JSON 1.1 API. Reads top to bottom as every request goes:
 * authenticate → find the operation → authorize → parse → validate the shape → act → answer.
 */
public final class SageMakerApi implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(SageMakerApi.class);
  private static final String CONTENT_TYPE = "application/x-amz-json-1.1";

  private final Map<String, Operation> operations;
  private final RequestAuthenticator authenticator;
  private final RequestValidator validator;
  private final ApiMetrics metrics;

  public SageMakerApi(
      Map<String, Operation> operations,
      RequestAuthenticator authenticator,
      RequestValidator validator,
      ApiMetrics metrics) {
    this.operations = Map.copyOf(operations);
    this.authenticator = authenticator;
    this.validator = validator;
    this.metrics = metrics;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String requestId = UUID.randomUUID().toString();
    long start = System.nanoTime();
    Buffer buffer = ctx.body().buffer();
    byte[] body = buffer == null ? new byte[0] : buffer.getBytes();
    String target = ctx.request().getHeader("X-Amz-Target");
    Operation operation = target == null ? null : operations.get(target);
    String metricName = operation == null ? "Unknown" : target.substring(target.indexOf('.') + 1);

    Uni.createFrom()
        .deferred(
            () ->
                authenticator.authenticate(
                    new VertxSignableRequest(ctx.request()), SigV4Verifier.sha256Hex(body)))
        .chain(caller -> act(operation, target, caller, body))
        .subscribe()
        .with(
            result -> {
              respond(ctx, result, requestId);
              metrics.record(metricName, "OK", System.nanoTime() - start);
            },
            failure -> {
              AwsError error = toError(failure, requestId, target);
              respondError(ctx, error, requestId);
              metrics.record(metricName, error.code().code(), System.nanoTime() - start);
            });
  }

  private Uni<JsonNode> act(Operation operation, String target, Caller caller, byte[] body) {
    if (operation == null) {
      throw new AwsServiceException(
          AwsErrorCode.UNKNOWN_OPERATION,
          target == null
              ? "The request has no X-Amz-Target header naming an operation."
              : "Operation " + target + " is not supported by this service.");
    }
    JsonNode input = WireJson.readRequest(body);
    authorize(operation, caller, input);
    validator.validate(operation, input);
    return operation.handler().handle(caller, input);
  }

  private static void authorize(Operation operation, Caller caller, JsonNode input) {
    if (caller.mayCall(operation.action()) && (!operation.adminOnly() || caller.admin())) {
      return;
    }
    String resource = "arn:aws:sagemaker:" + caller.region() + ":" + caller.account() + ":*";
    if (operation.resource() != null && input.path(operation.nameMember()).isTextual()) {
      resource =
          dev.berth.awswire.arn.Arn.of(
                  caller.region(),
                  caller.account(),
                  operation.resource(),
                  input.path(operation.nameMember()).asText())
              .toString();
    }
    throw new AwsServiceException(
        AwsErrorCode.ACCESS_DENIED,
        "User: "
            + caller.principalArn()
            + " is not authorized to perform: "
            + operation.action()
            + " on resource: "
            + resource
            + " because no identity-based policy allows the "
            + operation.action()
            + " action");
  }

  private static AwsError toError(Throwable failure, String requestId, String target) {
    if (failure instanceof AwsServiceException e) {
      return e.error();
    }
    var refusal = QuotaRefusal.of(failure);
    if (refusal.isPresent()) {
      return refusal.get().error();
    }
    // Anything else is our bug or an outage: log it with the request id, say little on the wire.
    LOG.error("request {} ({}) failed", requestId, target, failure);
    return AwsError.of(
        AwsErrorCode.INTERNAL_FAILURE,
        "We encountered an internal error. Please try again. (request " + requestId + ")");
  }

  private static void respond(RoutingContext ctx, JsonNode result, String requestId) {
    byte[] bytes;
    try {
      bytes = WireJson.MAPPER.writeValueAsBytes(result);
    } catch (JsonProcessingException e) {
      respondError(ctx, toError(e, requestId, "serialize"), requestId);
      return;
    }
    ctx.response()
        .setStatusCode(200)
        .putHeader("Content-Type", CONTENT_TYPE)
        .putHeader("x-amzn-RequestId", requestId)
        .end(Buffer.buffer(bytes));
  }

  /**
   * Answers {@code error} in the JSON 1.1 envelope; also used for routes outside {@code POST /}.
   */
  public static void respondError(RoutingContext ctx, AwsError error, String requestId) {
    ErrorResponse rendered = ErrorEnvelope.render(error, WireProtocol.JSON_1_1, requestId);
    HttpServerResponse response = ctx.response().setStatusCode(rendered.status());
    rendered.headers().forEach(response::putHeader);
    response.end(Buffer.buffer(rendered.body()));
  }
}
