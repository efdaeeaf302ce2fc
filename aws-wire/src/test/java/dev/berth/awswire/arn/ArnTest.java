package dev.berth.awswire.arn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** SageMaker hosting ARNs: lower-cased resource part, parsed in any case (spec §4). */
class ArnTest {
  private static final String ACCOUNT = "111122223333";

  @Test
  void an_endpoint_arn_is_written_with_the_name_lower_cased() {
    Arn arn = Arn.of("us-east-1", ACCOUNT, ResourceType.ENDPOINT, "My-Endpoint");

    assertThat(arn.name()).isEqualTo("my-endpoint");
    assertThat(arn.toString())
        .isEqualTo("arn:aws:sagemaker:us-east-1:111122223333:endpoint/my-endpoint");
  }

  @Test
  void each_resource_type_uses_its_own_prefix() {
    assertThat(Arn.of("eu-west-1", ACCOUNT, ResourceType.MODEL, "M1").toString())
        .isEqualTo("arn:aws:sagemaker:eu-west-1:111122223333:model/m1");
    assertThat(Arn.of("eu-west-1", ACCOUNT, ResourceType.ENDPOINT_CONFIG, "Cfg-1").toString())
        .isEqualTo("arn:aws:sagemaker:eu-west-1:111122223333:endpoint-config/cfg-1");
    assertThat(Arn.of("eu-west-1", ACCOUNT, ResourceType.ENDPOINT, "Ep").toString())
        .isEqualTo("arn:aws:sagemaker:eu-west-1:111122223333:endpoint/ep");
  }

  @Test
  void the_constructor_lower_cases_the_name_too() {
    Arn arn = new Arn("aws-cn", "cn-north-1", ACCOUNT, ResourceType.MODEL, "BERT-Sentiment");

    assertThat(arn.name()).isEqualTo("bert-sentiment");
    assertThat(arn)
        .isEqualTo(new Arn("aws-cn", "cn-north-1", ACCOUNT, ResourceType.MODEL, "bert-sentiment"));
  }

  @Test
  void an_arn_parses_in_any_case() {
    Optional<Arn> arn =
        Arn.parse("ARN:AWS:SAGEMAKER:US-EAST-2:396807896376:ENDPOINT-CONFIG/Provider-KNN-Config");

    assertThat(arn)
        .contains(
            new Arn(
                "aws",
                "us-east-2",
                "396807896376",
                ResourceType.ENDPOINT_CONFIG,
                "provider-knn-config"));
  }

  static Stream<Arguments> partitions() {
    return Stream.of(
        Arguments.of("aws", "us-west-2"),
        Arguments.of("aws-cn", "cn-northwest-1"),
        Arguments.of("aws-us-gov", "us-gov-west-1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("partitions")
  void each_partition_parses(String partition, String region) {
    String text = "arn:" + partition + ":sagemaker:" + region + ":801869647304:endpoint/bert";

    assertThat(Arn.parse(text))
        .hasValueSatisfying(
            arn -> {
              assertThat(arn.partition()).isEqualTo(partition);
              assertThat(arn.region()).isEqualTo(region);
              assertThat(arn.account()).isEqualTo("801869647304");
              assertThat(arn.type()).isEqualTo(ResourceType.ENDPOINT);
              assertThat(arn.name()).isEqualTo("bert");
              assertThat(arn.toString()).isEqualTo(text);
            });
  }

  @ParameterizedTest
  @EnumSource(ResourceType.class)
  void every_type_round_trips_through_its_text(ResourceType type) {
    for (String partition : new String[] {"aws", "aws-cn", "aws-us-gov"}) {
      Arn arn = new Arn(partition, "us-east-1", ACCOUNT, type, "Name-With-Case-1");

      assertThat(Arn.parse(arn.toString())).contains(arn);
      assertThat(Arn.parse(arn.toString().toUpperCase(java.util.Locale.ROOT))).contains(arn);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "arn:aws:s3:::my-bucket/model.tar.gz",
        "arn:aws:iam::111122223333:role/berth",
        "arn:aws:sagemaker-runtime:us-east-1:111122223333:endpoint/ep",
        "arn:aws:lambda:us-east-1:111122223333:function/ep",
        "arn:gcp:sagemaker:us-east-1:111122223333:endpoint/ep"
      })
  void other_services_and_partitions_are_refused(String text) {
    assertThat(Arn.parse(text)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "arn:aws:sagemaker:us-east-1:111122223333:notebook-instance/nb",
        "arn:aws:sagemaker:us-east-1:111122223333:training-job/job",
        "arn:aws:sagemaker:us-east-1:111122223333:inference-component/ic",
        "arn:aws:sagemaker:us-east-1:111122223333:endpoints/ep",
        "arn:aws:sagemaker:us-east-1:111122223333:endpoint",
        "arn:aws:sagemaker:us-east-1:111122223333:endpoint/"
      })
  void other_resource_types_and_missing_names_are_refused(String text) {
    assertThat(Arn.parse(text)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "11112222333", "1111222233334", "11112222333a", "*"})
  void an_account_that_is_not_twelve_digits_is_refused(String account) {
    assertThat(Arn.parse("arn:aws:sagemaker:us-east-1:" + account + ":endpoint/ep")).isEmpty();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "endpoint/ep",
        "my-endpoint",
        " arn:aws:sagemaker:us-east-1:111122223333:endpoint/ep"
      })
  void text_that_is_not_an_arn_is_refused(String text) {
    assertThat(Arn.parse(text)).isEmpty();
  }
}
