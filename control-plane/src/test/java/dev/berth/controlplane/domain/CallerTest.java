package dev.berth.controlplane.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What an access key's allow-list grants, read as IAM reads actions. */
class CallerTest {

  private static Caller with(String... actions) {
    return new Caller("111122223333", "us-east-1", "AKIDEXAMPLE", Set.of(actions), false);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"sagemaker:CreateEndpoint", "sagemaker:InvokeEndpoint", "berth:SetQuota", ""})
  void an_empty_allow_list_grants_every_action(String action) {
    assertThat(with().mayCall(action)).isTrue();
  }

  @Test
  void an_exact_entry_grants_that_action_only() {
    Caller caller = with("sagemaker:DescribeEndpoint");

    assertThat(caller.mayCall("sagemaker:DescribeEndpoint")).isTrue();
    assertThat(caller.mayCall("sagemaker:DescribeEndpointConfig")).isFalse();
    assertThat(caller.mayCall("sagemaker:CreateEndpoint")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"sagemaker:CreateEndpoint", "sagemaker:DeleteModel", "sagemaker:ListTags"})
  void the_service_wildcard_grants_every_sagemaker_action(String action) {
    assertThat(with("sagemaker:*").mayCall(action)).isTrue();
  }

  @Test
  void the_service_wildcard_grants_nothing_of_another_service() {
    assertThat(with("sagemaker:*").mayCall("berth:CreateAccessKey")).isFalse();
  }

  @Test
  void a_lone_star_grants_everything() {
    assertThat(with("*").mayCall("berth:SetQuota")).isTrue();
    assertThat(with("*").mayCall("sagemaker:DeleteEndpoint")).isTrue();
  }

  @ParameterizedTest
  @CsvSource({
    "sagemaker:DescribeEndpoint, true",
    "sagemaker:DescribeEndpointConfig, true",
    "sagemaker:DescribeModel, true",
    "sagemaker:Describe, true",
    "sagemaker:CreateEndpoint, false",
    "sagemaker:ListEndpoints, false",
    "sagemaker:Describ, false"
  })
  void a_prefix_wildcard_grants_the_actions_that_start_with_it(String action, boolean granted) {
    assertThat(with("sagemaker:Describe*").mayCall(action)).isEqualTo(granted);
  }

  @ParameterizedTest
  @CsvSource({
    "sagemaker:InvokeEndpoint, sagemaker:InvokeEndpoint",
    "sagemaker:invokeendpoint, sagemaker:InvokeEndpoint",
    "SageMaker:InvokeEndpoint, sagemaker:InvokeEndpoint",
    "SAGEMAKER:*, sagemaker:InvokeEndpoint",
    "sagemaker:describe*, sagemaker:DescribeEndpoint",
    "SageMaker:DESCRIBE*, sagemaker:DescribeModel"
  })
  void actions_match_ignoring_case_as_iam_matches_them(String allowed, String action) {
    assertThat(with(allowed).mayCall(action)).isTrue();
  }

  @Test
  void an_action_no_entry_grants_is_denied() {
    Caller caller = with("sagemaker:InvokeEndpoint", "sagemaker:Describe*", "sagemaker:ListTags");

    assertThat(caller.mayCall("sagemaker:CreateEndpoint")).isFalse();
    assertThat(caller.mayCall("sagemaker:DeleteEndpoint")).isFalse();
    assertThat(caller.mayCall("sagemaker:InvokeEndpointAsync")).isFalse();
    assertThat(caller.mayCall("berth:SetQuota")).isFalse();
  }

  @Test
  void the_principal_arn_names_the_account_and_the_key() {
    assertThat(with().principalArn()).isEqualTo("arn:aws:iam::111122223333:user/AKIDEXAMPLE");
  }
}
