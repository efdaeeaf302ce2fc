package dev.berth.controlplane.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.controlplane.domain.SageMakerErrors;
import dev.berth.controlplane.persistence.ListQuery;
import dev.berth.controlplane.persistence.NamedResourceRow;
import dev.berth.controlplane.persistence.ResourceLister;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * The List* operations' common half: reading sort, filters and {@code NextToken} from the input,
 * and writing a page with a token only when more rows follow (spec §2.11, §9.3).
 */
final class ListRequests {
  /** Default page size of every List operation (spec §9.3). */
  static final int DEFAULT_MAX_RESULTS = 10;

  private ListRequests() {}

  /** Reads an input already checked against its shape. */
  static ListQuery read(JsonNode in) {
    ListQuery.SortKey sortBy =
        in.hasNonNull("SortBy")
            ? ListQuery.SortKey.valueOf(in.get("SortBy").asText())
            : ListQuery.SortKey.CreationTime;
    boolean ascending = "Ascending".equals(in.path("SortOrder").asText("Descending"));
    int max = in.hasNonNull("MaxResults") ? in.get("MaxResults").asInt() : DEFAULT_MAX_RESULTS;
    ListQuery.Position after = null;
    if (in.hasNonNull("NextToken") && !in.get("NextToken").asText().isEmpty()) {
      after = decode(in.get("NextToken").asText(), sortBy, ascending);
    }
    return new ListQuery(
        sortBy,
        ascending,
        max,
        text(in, "NameContains"),
        time(in, "CreationTimeBefore"),
        time(in, "CreationTimeAfter"),
        time(in, "LastModifiedTimeBefore"),
        time(in, "LastModifiedTimeAfter"),
        text(in, "StatusEquals"),
        after);
  }

  /**
   * Writes {@code rows} (a page plus possibly one extra row) as {@code listMember}, with a {@code
   * NextToken} when the extra row shows that more follow.
   */
  static <T extends NamedResourceRow> ObjectNode page(
      List<T> rows, ListQuery query, String listMember, Function<T, JsonNode> summary) {
    ObjectNode out = WireJson.object();
    ArrayNode items = out.putArray(listMember);
    int shown = Math.min(rows.size(), query.maxResults());
    for (int i = 0; i < shown; i++) {
      items.add(summary.apply(rows.get(i)));
    }
    if (rows.size() > query.maxResults()) {
      T last = rows.get(shown - 1);
      out.put("NextToken", encode(query, ResourceLister.positionOf(query.sortBy(), last)));
    }
    return out;
  }

  private static String encode(ListQuery query, ListQuery.Position position) {
    String raw =
        "v1|"
            + query.sortBy()
            + "|"
            + (query.ascending() ? "A" : "D")
            + "|"
            + position.id()
            + "|"
            + position.sortValue();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  private static ListQuery.Position decode(
      String token, ListQuery.SortKey sortBy, boolean ascending) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      String[] parts = raw.split("\\|", 5);
      if (parts.length == 5
          && parts[0].equals("v1")
          && parts[1].equals(sortBy.name())
          && parts[2].equals(ascending ? "A" : "D")) {
        if (sortBy == ListQuery.SortKey.CreationTime) {
          Long.parseLong(parts[4]);
        }
        return new ListQuery.Position(parts[4], Long.parseLong(parts[3]));
      }
    } catch (IllegalArgumentException e) {
      // falls through to the error below
    }
    throw SageMakerErrors.validation(
        "The NextToken is not valid for this request: pass the token of the previous page of a"
            + " request with the same SortBy and SortOrder.");
  }

  private static String text(JsonNode in, String member) {
    return in.hasNonNull(member) ? in.get(member).asText() : null;
  }

  private static Instant time(JsonNode in, String member) {
    return in.hasNonNull(member) ? WireJson.readTimestamp(in.get(member)) : null;
  }
}
