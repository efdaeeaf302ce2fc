package dev.berth.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.ContainerDefinition;
import software.amazon.awssdk.services.sagemaker.model.DescribeModelResponse;
import software.amazon.awssdk.services.sagemaker.model.ModelSummary;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemaker.model.Tag;

/** CreateModel, DescribeModel, ListModels, DeleteModel through the real SDK client. */
class ModelApiIT {
  private final ControlPlaneFixture.Account account = ControlPlaneFixture.newAccount();
  private final SageMakerClient sm = account.client();

  @Test
  void aCreatedModelIsDescribedWithItsDefaultsAndALowerCasedArn() {
    String arn =
        sm.createModel(
                r ->
                    r.modelName("My-Model")
                        .executionRoleArn("arn:aws:iam::123456789012:role/berth")
                        .primaryContainer(
                            ContainerDefinition.builder()
                                .image("berth/runtime:1")
                                .modelDataUrl("s3://bucket/model.tar.gz")
                                .environment(java.util.Map.of("SAGEMAKER_PROGRAM", "inference.py"))
                                .build())
                        .tags(Tag.builder().key("team").value("ml").build()))
            .modelArn();

    assertThat(arn).isEqualTo(account.arnPrefix() + "model/my-model");
    DescribeModelResponse d = sm.describeModel(r -> r.modelName("my-MODEL"));
    assertThat(d.modelName()).isEqualTo("My-Model");
    assertThat(d.modelArn()).isEqualTo(arn);
    assertThat(d.primaryContainer().image()).isEqualTo("berth/runtime:1");
    assertThat(d.primaryContainer().modeAsString()).isEqualTo("SingleModel");
    assertThat(d.primaryContainer().environment())
        .containsEntry("SAGEMAKER_PROGRAM", "inference.py");
    assertThat(d.enableNetworkIsolation()).isFalse();
    assertThat(d.executionRoleArn()).isEqualTo("arn:aws:iam::123456789012:role/berth");
    assertThat(d.creationTime()).isNotNull();
    assertThat(sm.listTags(r -> r.resourceArn(arn)).tags())
        .containsExactly(Tag.builder().key("team").value("ml").build());
  }

  @Test
  void aSecondModelWithTheSameNameInAnyCaseIsRefused() {
    Fixtures.model(sm, "dup-model");
    assertThatThrownBy(() -> Fixtures.model(sm, "DUP-Model"))
        .isInstanceOfSatisfying(
            SageMakerException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.awsErrorDetails().errorMessage())
                  .isEqualTo(
                      "Cannot create already existing model \""
                          + account.arnPrefix()
                          + "model/dup-model\".");
            });
  }

  @Test
  void describingOrDeletingAMissingModelSaysItCouldNotBeFound() {
    String expected = "Could not find model \"" + account.arnPrefix() + "model/nope\".";
    assertThatThrownBy(() -> sm.describeModel(r -> r.modelName("nope")))
        .hasMessageContaining(expected);
    assertThatThrownBy(() -> sm.deleteModel(r -> r.modelName("nope")))
        .hasMessageContaining(expected);
  }

  @Test
  void aDeletedModelIsGone() {
    Fixtures.model(sm, "short-lived");
    sm.deleteModel(r -> r.modelName("SHORT-lived"));
    assertThatThrownBy(() -> sm.describeModel(r -> r.modelName("short-lived")))
        .hasMessageContaining("Could not find model");
    Fixtures.model(sm, "short-lived");
  }

  @Test
  void aBadNameGetsEveryViolationInOneCoralMessage() {
    String name = "bad_name-" + "x".repeat(60);
    assertThatThrownBy(
            () ->
                sm.createModel(
                    r ->
                        r.modelName(name)
                            .primaryContainer(ContainerDefinition.builder().image("i").build())))
        .isInstanceOfSatisfying(
            SageMakerException.class,
            e ->
                assertThat(e.awsErrorDetails().errorMessage())
                    .isEqualTo(
                        "2 validation errors detected: Value '"
                            + name
                            + "' at 'modelName' failed to satisfy constraint: Member must have"
                            + " length less than or equal to 63; Value '"
                            + name
                            + "' at 'modelName' failed to satisfy constraint: Member must satisfy"
                            + " regular expression pattern: ^[a-zA-Z0-9]([\\-a-zA-Z0-9]*[a-zA-Z0-9])?"));
  }

  @Test
  void aModelNeedsExactlyOneOfPrimaryContainerAndContainers() {
    assertThatThrownBy(() -> sm.createModel(r -> r.modelName("no-container")))
        .hasMessageContaining("Exactly one of PrimaryContainer and Containers must be specified.");
    ContainerDefinition c = ContainerDefinition.builder().image("i").build();
    assertThatThrownBy(
            () -> sm.createModel(r -> r.modelName("both").primaryContainer(c).containers(c)))
        .hasMessageContaining("Exactly one of PrimaryContainer and Containers");
  }

  @Test
  void fiftyOneTagsAreRefusedAndNothingIsWritten() {
    List<Tag> tags =
        IntStream.range(0, 51)
            .mapToObj(i -> Tag.builder().key("k" + i).value("v").build())
            .collect(Collectors.toList());
    assertThatThrownBy(
            () ->
                sm.createModel(
                    r ->
                        r.modelName("many-tags")
                            .primaryContainer(ContainerDefinition.builder().image("i").build())
                            .tags(tags)))
        .hasMessageContaining(
            "at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50");
    assertThatThrownBy(() -> sm.describeModel(r -> r.modelName("many-tags")))
        .hasMessageContaining("Could not find model");
  }

  @Test
  void listModelsPagesThroughEveryModelNewestFirst() {
    for (int i = 0; i < 7; i++) {
      Fixtures.model(sm, "page-model-" + i);
    }
    List<String> names =
        sm.listModelsPaginator(r -> r.maxResults(3)).models().stream()
            .map(ModelSummary::modelName)
            .collect(Collectors.toList());
    assertThat(names)
        .containsExactly(
            "page-model-6",
            "page-model-5",
            "page-model-4",
            "page-model-3",
            "page-model-2",
            "page-model-1",
            "page-model-0");
    var first = sm.listModels(r -> r.maxResults(7));
    assertThat(first.nextToken()).isNull();
    assertThat(
            sm.listModels(r -> r.sortBy("Name").sortOrder("Ascending").nameContains("MODEL-3"))
                .models())
        .extracting(ModelSummary::modelName)
        .containsExactly("page-model-3");
  }

  @Test
  void theModelQuotaIsEnforced() throws Exception {
    ControlPlaneFixture.admin().setQuota(account.id(), "us-east-1", "models", 1);
    Fixtures.model(sm, "within-quota");
    assertThatThrownBy(() -> Fixtures.model(sm, "over-quota"))
        .isInstanceOfSatisfying(
            SageMakerException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceLimitExceeded");
              assertThat(e.awsErrorDetails().errorMessage())
                  .isEqualTo(
                      "The account-level service limit 'Number of models' is 1 Models, with current"
                          + " utilization of 1 Models and a request delta of 1 Models. Please use"
                          + " 'berth quotas set' to request an increase for this quota.");
            });
  }

  @Test
  void aDeletedModelGivesItsQuotaBack() throws Exception {
    ControlPlaneFixture.admin().setQuota(account.id(), "us-east-1", "models", 1);
    Fixtures.model(sm, "first-tenant");
    sm.deleteModel(r -> r.modelName("first-tenant"));
    Fixtures.model(sm, "second-tenant");
    var quotas = ControlPlaneFixture.admin().listQuotas(account.id(), "us-east-1").get("Quotas");
    assertThat(quotas.findValues("Used")).isNotEmpty();
    for (var q : quotas) {
      if (q.get("QuotaKey").asText().equals("models")) {
        assertThat(q.get("Used").asLong()).isEqualTo(1);
        assertThat(q.get("Value").asLong()).isEqualTo(1);
      }
    }
  }
}
