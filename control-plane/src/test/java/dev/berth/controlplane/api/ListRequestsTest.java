package dev.berth.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.awswire.error.AwsErrorCode;
import dev.berth.awswire.error.AwsServiceException;
import dev.berth.controlplane.persistence.ListQuery;
import dev.berth.controlplane.persistence.ModelEntity;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The List* operations' input, pages and {@code NextToken} (spec §2.11, §9.3). */
class ListRequestsTest {
  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  private static ObjectNode input(String json) {
    return (ObjectNode) WireJson.readRequest(json.getBytes(StandardCharsets.UTF_8));
  }

  /** Rows as the lister returns them for CreationTime Descending: newest first. */
  private static List<ModelEntity> models(int count) {
    List<ModelEntity> rows = new ArrayList<>();
    for (int i = count; i >= 1; i--) {
      ModelEntity row = new ModelEntity();
      row.id = (long) i;
      row.name = "Model-" + i;
      row.creationTime = T0.plusSeconds(i);
      rows.add(row);
    }
    return rows;
  }

  private static ObjectNode page(List<ModelEntity> rows, ListQuery query) {
    return ListRequests.page(
        rows, query, "Models", row -> WireJson.object().put("ModelName", row.name));
  }

  private static void assertInvalidToken(Runnable read) {
    assertThatThrownBy(read::run)
        .isInstanceOfSatisfying(
            AwsServiceException.class,
            e -> {
              assertThat(e.error().code()).isEqualTo(AwsErrorCode.VALIDATION_EXCEPTION);
              assertThat(e.error().message()).startsWith("The NextToken is not valid");
            });
  }

  @Test
  void an_empty_input_lists_newest_first_ten_at_a_time() {
    ListQuery query = ListRequests.read(WireJson.object());

    assertThat(query.sortBy()).isEqualTo(ListQuery.SortKey.CreationTime);
    assertThat(query.ascending()).isFalse();
    assertThat(query.maxResults()).isEqualTo(10).isEqualTo(ListRequests.DEFAULT_MAX_RESULTS);
    assertThat(query.after()).isNull();
    assertThat(query.nameContains()).isNull();
    assertThat(query.creationTimeBefore()).isNull();
    assertThat(query.creationTimeAfter()).isNull();
    assertThat(query.lastModifiedTimeBefore()).isNull();
    assertThat(query.lastModifiedTimeAfter()).isNull();
    assertThat(query.statusEquals()).isNull();
  }

  @Test
  void sort_filters_and_page_size_are_read_from_the_input() {
    ListQuery query =
        ListRequests.read(
            input(
                """
                {"SortBy": "Name", "SortOrder": "Ascending", "MaxResults": 3,
                 "NameContains": "bert", "CreationTimeBefore": 1529870369.986,
                 "CreationTimeAfter": 1529870000, "LastModifiedTimeAfter": "2018-06-24T00:00:00Z",
                 "StatusEquals": "InService", "NextToken": ""}
                """));

    assertThat(query.sortBy()).isEqualTo(ListQuery.SortKey.Name);
    assertThat(query.ascending()).isTrue();
    assertThat(query.maxResults()).isEqualTo(3);
    assertThat(query.nameContains()).isEqualTo("bert");
    assertThat(query.creationTimeBefore()).isEqualTo(Instant.ofEpochMilli(1529870369986L));
    assertThat(query.creationTimeAfter()).isEqualTo(Instant.ofEpochSecond(1529870000L));
    assertThat(query.lastModifiedTimeAfter()).isEqualTo(Instant.parse("2018-06-24T00:00:00Z"));
    assertThat(query.lastModifiedTimeBefore()).isNull();
    assertThat(query.statusEquals()).isEqualTo("InService");
    assertThat(query.after()).as("an empty NextToken is the first page").isNull();
  }

  @Test
  void a_page_that_holds_every_row_has_no_token() {
    ListQuery query = ListRequests.read(input("{\"MaxResults\": 3}"));

    ObjectNode out = page(models(3), query);

    assertThat(out.has("NextToken")).isFalse();
    assertThat(out.get("Models")).hasSize(3);
    assertThat(out.get("Models").get(0).path("ModelName").asText()).isEqualTo("Model-3");
  }

  @Test
  void an_empty_page_is_an_empty_list() {
    ObjectNode out = page(List.of(), ListRequests.read(WireJson.object()));

    assertThat(out.get("Models")).isEmpty();
    assertThat(out.has("NextToken")).isFalse();
  }

  @Test
  void an_extra_row_is_dropped_and_becomes_a_token_that_resumes_after_the_last_row_shown() {
    ListQuery first = ListRequests.read(input("{\"MaxResults\": 2}"));
    List<ModelEntity> rows = models(3); // ids 3, 2, 1: the lister's page plus one

    ObjectNode out = page(rows, first);

    assertThat(out.get("Models")).hasSize(2);
    assertThat(out.get("Models").get(1).path("ModelName").asText()).isEqualTo("Model-2");
    String token = out.get("NextToken").asText();
    assertThat(token).isNotBlank().doesNotContain("=", "+", "/");

    ListQuery next =
        ListRequests.read(WireJson.object().put("MaxResults", 2).put("NextToken", token));
    assertThat(next.after())
        .isEqualTo(new ListQuery.Position(Long.toString(T0.plusSeconds(2).toEpochMilli()), 2L));
  }

  @Test
  void a_name_ordered_token_resumes_after_the_lower_cased_name() {
    ListQuery first =
        ListRequests.read(
            input("{\"SortBy\": \"Name\", \"SortOrder\": \"Ascending\", \"MaxResults\": 1}"));

    String token = page(models(2), first).get("NextToken").asText();

    ListQuery next =
        ListRequests.read(
            WireJson.object()
                .put("SortBy", "Name")
                .put("SortOrder", "Ascending")
                .put("NextToken", token));
    assertThat(next.after()).isEqualTo(new ListQuery.Position("model-2", 2L));
  }

  @Test
  void a_token_from_another_sort_order_is_refused() {
    String token =
        page(models(3), ListRequests.read(input("{\"MaxResults\": 1}"))).get("NextToken").asText();

    assertInvalidToken(
        () ->
            ListRequests.read(
                WireJson.object().put("SortOrder", "Ascending").put("NextToken", token)));
  }

  @Test
  void a_token_from_another_sort_key_is_refused() {
    String token =
        page(models(3), ListRequests.read(input("{\"MaxResults\": 1}"))).get("NextToken").asText();

    assertInvalidToken(
        () -> ListRequests.read(WireJson.object().put("SortBy", "Name").put("NextToken", token)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"garbage!", "%%%", "not-a-token", "djF8Q3JlYXRpb25UaW1lfER8MnxhYmM"})
  void a_token_we_did_not_write_is_refused(String token) {
    // The last one is "v1|CreationTime|D|2|abc": well formed, but its time is not a number.
    assertInvalidToken(() -> ListRequests.read(WireJson.object().put("NextToken", token)));
  }

  @Test
  void a_token_with_a_bad_row_id_is_refused() {
    String raw = "v1|CreationTime|D|two|1735689600000";
    String token =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(raw.getBytes(StandardCharsets.UTF_8));

    assertInvalidToken(() -> ListRequests.read(WireJson.object().put("NextToken", token)));
  }

  @Test
  void the_listed_summaries_come_from_the_given_function() {
    ListQuery query = ListRequests.read(WireJson.object());
    ModelEntity row = models(1).get(0);

    ObjectNode out =
        ListRequests.page(
            List.of(row),
            query,
            "Models",
            r -> WireJson.object().put("ModelName", r.name).set("CreationTime", timestamp(r)));

    assertThat(WireJson.write(out))
        .isEqualTo("{\"Models\":[{\"ModelName\":\"Model-1\",\"CreationTime\":1735689601.000}]}");
  }

  private static JsonNode timestamp(ModelEntity row) {
    return WireJson.timestamp(row.creationTime);
  }
}
