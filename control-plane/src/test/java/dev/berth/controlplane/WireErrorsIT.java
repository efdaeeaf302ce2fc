package dev.berth.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** What clients that are not the SDK can send, and how every answer is framed. */
class WireErrorsIT {
  private final ControlPlaneFixture.Account account = ControlPlaneFixture.newAccount();

  @Test
  void aBodyThatIsNotJsonIsASerializationException() throws Exception {
    HttpResponse<String> r = RawApi.post(account, "SageMaker.ListModels", "{not json");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.1");
    assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("SerializationException");
    assertThat(r.headers().firstValue("x-amzn-RequestId")).isPresent();
    assertThat(r.body()).startsWith("{\"__type\":\"SerializationException\",\"message\":");
  }

  @Test
  void aMemberOfTheWrongTypeIsASerializationException() throws Exception {
    HttpResponse<String> r =
        RawApi.post(account, "SageMaker.CreateModel", "{\"ModelName\":5,\"PrimaryContainer\":{}}");
    assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("SerializationException");
    r = RawApi.post(account, "SageMaker.ListModels", "{\"MaxResults\":\"ten\"}");
    assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("SerializationException");
    r = RawApi.post(account, "SageMaker.ListModels", "[]");
    assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("SerializationException");
  }

  @Test
  void anUnknownTargetIsAnUnknownOperation() throws Exception {
    HttpResponse<String> r = RawApi.post(account, "SageMaker.CreateTrainingJob", "{}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("UnknownOperationException");
  }

  @Test
  void outOfRangeValuesAreValidationExceptions() throws Exception {
    HttpResponse<String> r = RawApi.post(account, "SageMaker.ListModels", "{\"MaxResults\":101}");
    assertThat(r.body())
        .contains(
            "1 validation error detected: Value '101' at 'maxResults' failed to satisfy"
                + " constraint: Member must have value less than or equal to 100");
    r = RawApi.post(account, "SageMaker.DescribeEndpoint", "{}");
    assertThat(r.body())
        .contains(
            "Value null at 'endpointName' failed to satisfy constraint: Member must not be null");
  }

  @Test
  void aBadNextTokenIsAValidationException() throws Exception {
    HttpResponse<String> r =
        RawApi.post(account, "SageMaker.ListEndpoints", "{\"NextToken\":\"garbage!\"}");
    assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("ValidationException");
  }

  @Test
  void otherPathsAnswerInTheSameEnvelope() throws Exception {
    HttpResponse<String> r = RawApi.unsigned("GET", "/nowhere", "");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("UnknownOperationException");
  }

  @Test
  void anOversizedBodyIsRefusedInTheEnvelope() throws Exception {
    String big = "{\"ModelName\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}";
    HttpResponse<String> r = RawApi.post(account, "SageMaker.CreateModel", big);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("ValidationException");
    assertThat(r.body()).contains("exceeds the limit of 2097152 bytes");
  }

  @Test
  void healthAndMetricsAreServed() throws Exception {
    assertThat(RawApi.unsigned("GET", "/health", "").statusCode()).isEqualTo(200);
    RawApi.post(account, "SageMaker.ListModels", "{}");
    HttpResponse<String> metrics = RawApi.unsigned("GET", "/metrics", "");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("berth_api_requests_seconds_bucket")
        .contains("operation=\"ListModels\"")
        .contains("vertx_pool");
  }
}
