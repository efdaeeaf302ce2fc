package dev.berth.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;

/** Authentication, authorization and isolation between accounts and regions. */
class AuthIT {
  private final ControlPlaneFixture.Account account = ControlPlaneFixture.newAccount();

  @Test
  void aRequestWithoutASignatureIsRefused() throws Exception {
    HttpResponse<String> r = RawApi.unsigned("POST", "/", "{}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("x-amzn-ErrorType"))
        .hasValue("MissingAuthenticationTokenException");
    assertThat(r.body()).contains("\"message\":\"Missing Authentication Token\"");
  }

  @Test
  void anUnknownKeyIsUnrecognized() {
    SageMakerClient sm = ControlPlaneFixture.client("AKIDNOBODY", "secret", Region.US_EAST_1);
    assertThatThrownBy(() -> sm.listModels())
        .isInstanceOfSatisfying(
            SageMakerException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
              assertThat(e.awsErrorDetails().errorMessage())
                  .isEqualTo("The security token included in the request is invalid.");
            });
  }

  @Test
  void aWrongSecretFailsTheSignatureCheck() {
    SageMakerClient sm =
        ControlPlaneFixture.client(account.accessKeyId(), "wrong", Region.US_EAST_1);
    assertThatThrownBy(() -> sm.listModels())
        .isInstanceOfSatisfying(
            SageMakerException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
              assertThat(e.awsErrorDetails().errorMessage())
                  .startsWith(
                      "The request signature we calculated does not match the signature you provided.");
            });
  }

  @Test
  void aSignatureOlderThanFiveMinutesHasExpired() throws Exception {
    HttpResponse<String> r =
        RawApi.post(
            account, "SageMaker.ListModels", "{}", Instant.now().minus(Duration.ofMinutes(6)));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("InvalidSignatureException");
    assertThat(r.body()).contains("Signature expired: ").contains("5 min.)");
    assertThat(r.headers().firstValue("Date")).isPresent();
  }

  @Test
  void aSignatureFromTheFutureIsNotYetCurrent() throws Exception {
    HttpResponse<String> r =
        RawApi.post(
            account, "SageMaker.ListModels", "{}", Instant.now().plus(Duration.ofMinutes(6)));
    assertThat(r.body()).contains("Signature not yet current: ");
  }

  @Test
  void aKeyMayOnlyCallTheActionsOnItsAllowList() {
    ControlPlaneFixture.Account reader =
        ControlPlaneFixture.newAccount(List.of("sagemaker:DescribeModel", "sagemaker:List*"));
    SageMakerClient sm = reader.client();
    assertThatThrownBy(() -> Fixtures.model(sm, "forbidden"))
        .isInstanceOfSatisfying(
            SageMakerException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
              assertThat(e.awsErrorDetails().errorMessage())
                  .isEqualTo(
                      "User: arn:aws:iam::"
                          + reader.id()
                          + ":user/"
                          + reader.accessKeyId()
                          + " is not authorized to perform: sagemaker:CreateModel on resource: "
                          + reader.arnPrefix()
                          + "model/forbidden because no identity-based policy allows the"
                          + " sagemaker:CreateModel action");
            });
    assertThatThrownBy(() -> sm.describeModel(r -> r.modelName("x")))
        .hasMessageContaining("Could not find model");
  }

  @Test
  void aWildcardGrantsEveryActionOfTheService() {
    SageMakerClient sm = ControlPlaneFixture.newAccount(List.of("sagemaker:*")).client();
    Fixtures.model(sm, "allowed");
  }

  @Test
  void anotherAccountsEndpointLooksExactlyLikeAMissingOne() {
    String arn = Fixtures.endpoint(account.client(), "private-ep");
    ControlPlaneFixture.Account stranger = ControlPlaneFixture.newAccount();
    SageMakerClient sm = stranger.client();
    assertThatThrownBy(() -> sm.describeEndpoint(r -> r.endpointName("private-ep")))
        .hasMessageContaining(
            "Could not find endpoint \"" + stranger.arnPrefix() + "endpoint/private-ep\".");
    assertThatThrownBy(() -> sm.listTags(r -> r.resourceArn(arn)))
        .hasMessageContaining("Could not find endpoint \"" + arn + "\".");
    assertThat(sm.listEndpoints().endpoints()).isEmpty();
    // The same name is free in the other account.
    Fixtures.endpoint(sm, "private-ep");
  }

  @Test
  void regionsAreSeparateNamespaces() {
    Fixtures.model(account.client(), "regional");
    SageMakerClient eu = account.client(Region.EU_WEST_1);
    assertThat(eu.listModels().models()).isEmpty();
    assertThat(Fixtures.model(eu, "regional"))
        .isEqualTo("arn:aws:sagemaker:eu-west-1:" + account.id() + ":model/regional");
  }

  @Test
  void aScopeNamingNoRegionIsRefusedByTheSignatureCheck() {
    SageMakerClient moon = account.client(Region.of("moonbase"));
    assertThatThrownBy(() -> moon.listModels())
        .isInstanceOfSatisfying(
            SageMakerException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
              assertThat(e.awsErrorDetails().errorMessage())
                  .contains("Credential should be scoped to a valid region, not 'moonbase'.");
            });
  }

  @Test
  void onlyAdminKeysMayCallAdministrationOperations() throws Exception {
    HttpResponse<String> r =
        RawApi.post(account, "Berth.CreateAccessKey", "{\"Account\":\"" + account.id() + "\"}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("AccessDeniedException").contains("berth:CreateAccessKey");
  }
}
