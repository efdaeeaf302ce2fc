package dev.berth.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.Tag;

/** AddTags, ListTags, DeleteTags on every taggable resource. */
class TagsApiIT {
  private final ControlPlaneFixture.Account account = ControlPlaneFixture.newAccount();
  private final SageMakerClient sm = account.client();

  private static Tag tag(String k, String v) {
    return Tag.builder().key(k).value(v).build();
  }

  @Test
  void tagsAreAddedOverwrittenListedAndDeleted() {
    String arn = Fixtures.endpoint(sm, "tagged");
    sm.addTags(r -> r.resourceArn(arn).tags(tag("a", "1"), tag("b", "2")));
    sm.addTags(
        r ->
            r.resourceArn(
                    arn.toUpperCase()
                        .replace("ARN:AWS:SAGEMAKER:US-EAST-1", "arn:aws:sagemaker:us-east-1"))
                .tags(tag("a", "3")));
    assertThat(sm.listTags(r -> r.resourceArn(arn)).tags())
        .containsExactly(tag("a", "3"), tag("b", "2"));
    sm.deleteTags(r -> r.resourceArn(arn).tagKeys("a", "missing"));
    assertThat(sm.listTags(r -> r.resourceArn(arn)).tags()).containsExactly(tag("b", "2"));
  }

  @Test
  void everyResourceTypeCarriesTags() {
    String model = Fixtures.model(sm, "tm");
    String config = Fixtures.config(sm, "tc", "tm", 1);
    sm.addTags(r -> r.resourceArn(model).tags(tag("kind", "model")));
    sm.addTags(r -> r.resourceArn(config).tags(tag("kind", "config")));
    assertThat(sm.listTags(r -> r.resourceArn(model)).tags()).containsExactly(tag("kind", "model"));
    assertThat(sm.listTags(r -> r.resourceArn(config)).tags())
        .containsExactly(tag("kind", "config"));
  }

  @Test
  void aResourceHoldsAtMostFiftyTags() {
    String arn = Fixtures.model(sm, "full");
    List<Tag> fifty =
        IntStream.range(0, 50).mapToObj(i -> tag("k" + i, "v")).collect(Collectors.toList());
    sm.addTags(r -> r.resourceArn(arn).tags(fifty));
    assertThatThrownBy(() -> sm.addTags(r -> r.resourceArn(arn).tags(tag("one-more", "x"))))
        .hasMessageContaining("at most 50 tags");
    assertThat(sm.listTags(r -> r.resourceArn(arn)).tags()).hasSize(50);
  }

  @Test
  void listTagsPagesWithItsOwnMinimumPageSize() {
    String arn = Fixtures.model(sm, "paged-tags");
    List<Tag> tags =
        IntStream.range(0, 50).mapToObj(i -> tag("k" + i, "v")).collect(Collectors.toList());
    sm.addTags(r -> r.resourceArn(arn).tags(tags));
    assertThat(sm.listTagsPaginator(r -> r.resourceArn(arn).maxResults(50)).tags()).hasSize(50);
    assertThatThrownBy(() -> sm.listTags(r -> r.resourceArn(arn).maxResults(10)))
        .hasMessageContaining("Member must have value greater than or equal to 50");
  }

  @Test
  void reservedKeysAndMissingResourcesAreRefused() {
    String arn = Fixtures.model(sm, "reserved");
    assertThatThrownBy(() -> sm.addTags(r -> r.resourceArn(arn).tags(tag("aws:owner", "me"))))
        .hasMessageContaining("reserved");
    String missing = account.arnPrefix() + "endpoint/nowhere";
    assertThatThrownBy(() -> sm.addTags(r -> r.resourceArn(missing).tags(tag("a", "b"))))
        .hasMessageContaining("Could not find endpoint \"" + missing + "\".");
  }
}
