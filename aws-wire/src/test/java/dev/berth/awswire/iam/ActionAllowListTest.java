package dev.berth.awswire.iam;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ActionAllowListTest {
  @Test
  void aStoredListIsSplitOnCommasAndTrimmedAndBlankMeansEmpty() {
    assertThat(ActionAllowList.parse(" sagemaker:InvokeEndpoint , sagemaker:Describe*,,"))
        .containsExactlyInAnyOrder("sagemaker:InvokeEndpoint", "sagemaker:Describe*");
    assertThat(ActionAllowList.parse(null)).isEmpty();
    assertThat(ActionAllowList.parse("  ")).isEmpty();
  }

  @Test
  void entriesMatchExactlyIgnoringCaseOrByATrailingStar() {
    Set<String> list = Set.of("sagemaker:invokeendpoint", "sagemaker:Describe*");

    assertThat(ActionAllowList.allows(list, "sagemaker:InvokeEndpoint")).isTrue();
    assertThat(ActionAllowList.allows(list, "sagemaker:DescribeEndpoint")).isTrue();
    assertThat(ActionAllowList.allows(list, "sagemaker:InvokeEndpointAsync")).isFalse();
    assertThat(ActionAllowList.allows(list, "sagemaker:CreateEndpoint")).isFalse();
    assertThat(ActionAllowList.allows(Set.of(), "berth:SetQuota")).isTrue();
    assertThat(ActionAllowList.allows(Set.of("*"), "berth:SetQuota")).isTrue();
  }
}
