package dev.berth.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.berth.awswire.error.AwsErrorCode;
import dev.berth.awswire.error.AwsServiceException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A resource's tags as AddTags, DeleteTags and the Create* operations change them. */
class TagSetTest {

  private static ArrayNode tags(String... keyValues) {
    ArrayNode array = WireJson.array();
    for (int i = 0; i < keyValues.length; i += 2) {
      array.addObject().put("Key", keyValues[i]).put("Value", keyValues[i + 1]);
    }
    return array;
  }

  private static ArrayNode numbered(int from, int count) {
    ArrayNode array = WireJson.array();
    for (int i = from; i < from + count; i++) {
      array.addObject().put("Key", "k" + i).put("Value", "v" + i);
    }
    return array;
  }

  @Test
  void tags_keep_the_order_they_were_given_in() {
    assertThat(TagSet.of(tags("team", "ml", "env", "prod", "cost", "42")).toJson())
        .isEqualTo(tags("team", "ml", "env", "prod", "cost", "42"));
  }

  @Test
  void a_later_value_overwrites_in_place() {
    TagSet set = TagSet.of(tags("team", "ml", "env", "dev"));

    set.addAll(tags("team", "search", "owner", "ana"));

    assertThat(set.toJson()).isEqualTo(tags("team", "search", "env", "dev", "owner", "ana"));
  }

  @Test
  void no_tags_and_a_missing_value_are_read_leniently() {
    assertThat(TagSet.of(null).toJson()).isEmpty();
    assertThat(TagSet.of(WireJson.object()).toJson()).isEmpty();

    ArrayNode noValue = WireJson.array();
    noValue.addObject().put("Key", "flag");
    assertThat(TagSet.of(noValue).toJson()).isEqualTo(tags("flag", ""));
  }

  @Test
  void fifty_tags_are_allowed() {
    TagSet set = TagSet.of(numbered(0, 30));

    set.addAll(numbered(30, 20));

    assertThat(set.toJson()).hasSize(TagSet.MAX_TAGS).hasSize(50);
  }

  @Test
  void overwriting_a_key_of_a_full_set_is_allowed() {
    TagSet set = TagSet.of(numbered(0, 50));

    set.addAll(tags("k0", "changed"));

    assertThat(set.toJson()).hasSize(50);
    assertThat(set.toJson().get(0).path("Value").asText()).isEqualTo("changed");
  }

  @Test
  void a_fifty_first_tag_is_refused() {
    TagSet set = TagSet.of(numbered(0, 50));

    assertThatThrownBy(() -> set.addAll(numbered(50, 1)))
        .isInstanceOfSatisfying(
            AwsServiceException.class,
            e -> {
              assertThat(e.error().code()).isEqualTo(AwsErrorCode.VALIDATION_EXCEPTION);
              assertThat(e.error().message())
                  .isEqualTo(
                      "A resource can have at most 50 tags; this request would leave it with 51.");
            });
  }

  @Test
  void fifty_one_tags_at_creation_are_refused() {
    assertThatThrownBy(() -> TagSet.of(numbered(0, 51)))
        .isInstanceOfSatisfying(
            AwsServiceException.class,
            e -> assertThat(e.error().code()).isEqualTo(AwsErrorCode.VALIDATION_EXCEPTION));
  }

  @ParameterizedTest
  @ValueSource(strings = {"aws:cloudformation:stack", "AWS:x", "Aws:Team", "aws:"})
  void keys_in_the_aws_namespace_are_reserved_in_any_case(String key) {
    assertThatThrownBy(() -> TagSet.of(tags("team", "ml", key, "v")))
        .isInstanceOfSatisfying(
            AwsServiceException.class,
            e -> {
              assertThat(e.error().code()).isEqualTo(AwsErrorCode.VALIDATION_EXCEPTION);
              assertThat(e.error().message())
                  .isEqualTo(
                      "Tag keys starting with 'aws:' are reserved for system use: '" + key + "'.");
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"aws", "awsome", "my-aws:key", "aws-team"})
  void keys_that_only_look_like_the_aws_namespace_are_allowed(String key) {
    assertThat(TagSet.of(tags(key, "v")).toJson()).isEqualTo(tags(key, "v"));
  }

  @Test
  void remove_all_drops_the_given_keys_and_ignores_absent_ones() {
    TagSet set = TagSet.of(tags("a", "1", "b", "2", "c", "3"));

    set.removeAll(List.of("b", "missing", "A"));

    assertThat(set.toJson()).isEqualTo(tags("a", "1", "c", "3"));
  }

  @Test
  void removing_makes_room_for_new_tags() {
    TagSet set = TagSet.of(numbered(0, 50));

    set.removeAll(List.of("k0")).addAll(numbered(50, 1));

    JsonNode json = set.toJson();
    assertThat(json).hasSize(50);
    assertThat(json.get(49).path("Key").asText()).isEqualTo("k50");
  }
}
