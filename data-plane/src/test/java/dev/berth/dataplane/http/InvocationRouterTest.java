package dev.berth.dataplane.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.awswire.error.AwsErrorCode;
import dev.berth.awswire.error.AwsServiceException;
import dev.berth.dataplane.auth.Caller;
import dev.berth.dataplane.routes.RouteRow;
import dev.berth.dataplane.routes.RouteTable;
import dev.berth.dataplane.routes.RoutingStrategy;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.util.List;
import org.junit.jupiter.api.Test;

class InvocationRouterTest {
  private static final Caller CALLER = new Caller("111122223333", "us-east-1", "AKID");
  private static final RouteTable TABLE =
      RouteTable.EMPTY.rebuiltFrom(
          List.of(
              row(1, "Serving", "AllTraffic", false, List.of("127.0.0.1:9000")),
              row(2, "Many", "AllTraffic", true, List.of("127.0.0.1:9001")),
              row(3, "Empty", "AllTraffic", false, List.of())));

  private static RouteRow row(
      long id, String name, String variant, boolean multiModel, List<String> instances) {
    return new RouteRow(
        id,
        id * 10,
        variant,
        CALLER.account(),
        CALLER.region(),
        name,
        1,
        1,
        RoutingStrategy.LEAST_OUTSTANDING_REQUESTS,
        multiModel,
        false,
        instances);
  }

  private static InvocationPath invoke(String name) {
    return InvocationPath.parse(HttpMethod.POST, "/endpoints/" + name + "/invocations");
  }

  private static AwsServiceException refusal(InvocationPath path, HttpHeaders headers) {
    try {
      InvocationRouter.route(CALLER, path, headers, TABLE);
    } catch (AwsServiceException e) {
      return e;
    }
    throw new AssertionError("routed");
  }

  @Test
  void parsesTheThreeRuntimeOperationsAndNothingElse() {
    assertThat(InvocationPath.parse(HttpMethod.POST, "/endpoints/ep/invocations"))
        .isEqualTo(new InvocationPath(InvocationPath.Operation.INVOKE, "ep"));
    assertThat(InvocationPath.parse(HttpMethod.POST, "/endpoints/ep/invocations-response-stream"))
        .isEqualTo(new InvocationPath(InvocationPath.Operation.STREAM, "ep"));
    assertThat(InvocationPath.parse(HttpMethod.POST, "/endpoints/ep/async-invocations").operation())
        .isEqualTo(InvocationPath.Operation.ASYNC);
    assertThat(InvocationPath.parse(HttpMethod.GET, "/endpoints/ep/invocations")).isNull();
    assertThat(InvocationPath.parse(HttpMethod.POST, "/endpoints//invocations")).isNull();
    assertThat(InvocationPath.parse(HttpMethod.POST, "/endpoints/ep/other")).isNull();
    assertThat(InvocationPath.parse(HttpMethod.POST, "/")).isNull();
  }

  @Test
  void routesByExactName() {
    Target target =
        InvocationRouter.route(CALLER, invoke("Serving"), new DefaultHttpHeaders(), TABLE);

    assertThat(target.variant().variantName()).isEqualTo("AllTraffic");
    assertThat(refusal(invoke("serving"), new DefaultHttpHeaders()).getMessage())
        .isEqualTo("ValidationError: Endpoint serving of account 111122223333 not found.");
  }

  @Test
  void listsEveryBrokenMemberInOneCoralMessage() {
    HttpHeaders headers =
        new DefaultHttpHeaders()
            .set("X-Amzn-SageMaker-Target-Variant", "bad_variant")
            .set("X-Amzn-SageMaker-Custom-Attributes", "x".repeat(1025));

    AwsServiceException e = refusal(invoke("Bad_Name"), headers);

    assertThat(e.error().code()).isEqualTo(AwsErrorCode.VALIDATION_ERROR);
    assertThat(e.error().message())
        .startsWith("3 validation errors detected: Value 'Bad_Name' at 'endpointName' failed to")
        .contains("at 'customAttributes' failed to satisfy constraint: Member must have length")
        .contains("Value 'bad_variant' at 'targetVariant' failed to satisfy constraint");
  }

  @Test
  void refusesUnknownVariantsAndMisplacedTargetModels() {
    assertThat(
            refusal(
                    invoke("Serving"),
                    new DefaultHttpHeaders().set("X-Amzn-SageMaker-Target-Variant", "Other"))
                .error()
                .message())
        .isEqualTo(
            "Production variant Other does not exist in endpoint Serving of account"
                + " 111122223333.");
    assertThat(
            refusal(
                    invoke("Serving"),
                    new DefaultHttpHeaders().set("X-Amzn-SageMaker-Target-Model", "a.tar.gz"))
                .error()
                .message())
        .startsWith("Endpoint Serving is not a multi-model endpoint");
    assertThat(refusal(invoke("Many"), new DefaultHttpHeaders()).error().message())
        .startsWith("Endpoint Many is a multi-model endpoint: give the model to invoke");
    assertThat(
            InvocationRouter.route(
                    CALLER,
                    invoke("Many"),
                    new DefaultHttpHeaders().set("X-Amzn-SageMaker-Target-Model", "a.tar.gz"),
                    TABLE)
                .endpoint()
                .name())
        .isEqualTo("Many");
  }

  @Test
  void aVariantWithoutReadyInstancesIsUnavailableNotMissing() {
    assertThatThrownBy(
            () -> InvocationRouter.route(CALLER, invoke("Empty"), new DefaultHttpHeaders(), TABLE))
        .isInstanceOfSatisfying(
            AwsServiceException.class,
            e -> assertThat(e.error().code()).isEqualTo(AwsErrorCode.SERVICE_UNAVAILABLE));
  }

  @Test
  void asyncInvocationsNameTheMissingAsyncConfiguration() {
    InvocationPath async =
        InvocationPath.parse(HttpMethod.POST, "/endpoints/Serving/async-invocations");

    assertThat(refusal(async, new DefaultHttpHeaders()).error().message())
        .contains("is not an asynchronous inference endpoint");
  }

  @Test
  void aHeaderOutsideAsciiIsRefusedWithThePatternSageMakerNames() {
    HttpHeaders headers =
        new DefaultHttpHeaders(false)
            .set("Content-Type", "application/json; charset=\u00e9")
            .set("Accept", "text/csv\u007f");

    AwsServiceException e = refusal(invoke("ep"), headers);

    assertThat(e.error().message())
        .startsWith("1 validation error detected: Value 'application/json; charset=\u00e9' at")
        .contains("'contentType' failed to satisfy constraint: Member must satisfy regular")
        .contains("pattern: \\p{ASCII}*");
  }

  @Test
  void theHandWrittenNameCheckAgreesWithThePattern() {
    java.util.regex.Pattern name = java.util.regex.Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9])*");
    for (String s : new String[] {"a", "A-b", "a--b", "-a", "a-", "a_b", "", "ab9", "a.b", "é"}) {
      assertThat(InvocationRouter.isName(s)).as(s).isEqualTo(name.matcher(s).matches());
    }
  }
}
