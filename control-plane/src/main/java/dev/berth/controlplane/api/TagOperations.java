package dev.berth.controlplane.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.awswire.arn.Arn;
import dev.berth.controlplane.domain.Caller;
import dev.berth.controlplane.domain.SageMakerErrors;
import dev.berth.controlplane.persistence.EndpointConfigEntity;
import dev.berth.controlplane.persistence.EndpointEntity;
import dev.berth.controlplane.persistence.ModelEntity;
import dev.berth.controlplane.persistence.NamedResourceRow;
import dev.berth.controlplane.persistence.ResourceQueries;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * AddTags, ListTags, DeleteTags on models, endpoint configurations and endpoints (spec §2.15). ARNs
 * are accepted in any case; another account's or region's ARN looks like a missing resource.
 */
final class TagOperations {
  private final Mutiny.SessionFactory sessions;

  TagOperations(Mutiny.SessionFactory sessions) {
    this.sessions = sessions;
  }

  Uni<JsonNode> add(Caller caller, JsonNode in) {
    JsonNode added = in.get("Tags");
    return modify(caller, in, tags -> tags.addAll(added))
        .map(
            ignored -> {
              ObjectNode out = WireJson.object();
              out.set("Tags", TagSet.of(added).toJson());
              return out;
            });
  }

  Uni<JsonNode> delete(Caller caller, JsonNode in) {
    List<String> keys = new ArrayList<>();
    in.get("TagKeys").forEach(k -> keys.add(k.asText()));
    return modify(caller, in, tags -> tags.removeAll(keys)).map(ignored -> WireJson.object());
  }

  Uni<JsonNode> list(Caller caller, JsonNode in) {
    Arn arn = requireOwnArn(caller, in.get("ResourceArn").asText());
    int max = in.hasNonNull("MaxResults") ? in.get("MaxResults").asInt() : TagSet.MAX_TAGS;
    int offset = readOffset(in);
    return sessions
        .withSession(session -> find(session, arn, false))
        .map(
            row -> {
              ArrayNode all = (ArrayNode) WireJson.parse(row.tags());
              ObjectNode out = WireJson.object();
              ArrayNode page = out.putArray("Tags");
              for (int i = offset; i < Math.min(all.size(), offset + max); i++) {
                page.add(all.get(i));
              }
              if (offset + max < all.size()) {
                out.put("NextToken", Integer.toString(offset + max));
              }
              return out;
            });
  }

  private Uni<NamedResourceRow> modify(
      Caller caller, JsonNode in, Function<TagSet, TagSet> change) {
    Arn arn = requireOwnArn(caller, in.get("ResourceArn").asText());
    return sessions.withTransaction(
        session ->
            find(session, arn, true)
                .map(
                    row -> {
                      row.tags(
                          WireJson.write(
                              change.apply(TagSet.of(WireJson.parse(row.tags()))).toJson()));
                      return row;
                    })
                .call(session::flush));
  }

  private static Uni<NamedResourceRow> find(Mutiny.Session session, Arn arn, boolean lock) {
    Class<? extends NamedResourceRow> type =
        switch (arn.type()) {
          case MODEL -> ModelEntity.class;
          case ENDPOINT_CONFIG -> EndpointConfigEntity.class;
          case ENDPOINT -> EndpointEntity.class;
        };
    Uni<? extends NamedResourceRow> row =
        lock
            ? ResourceQueries.findByNameForUpdate(
                session, type, arn.account(), arn.region(), arn.name())
            : ResourceQueries.findByName(session, type, arn.account(), arn.region(), arn.name());
    return row.map(
        r -> {
          if (r == null) {
            throw SageMakerErrors.notFound(arn);
          }
          return r;
        });
  }

  private static Arn requireOwnArn(Caller caller, String text) {
    Arn arn =
        Arn.parse(text)
            .orElseThrow(
                () ->
                    SageMakerErrors.validation(
                        "Resource ARN \""
                            + text
                            + "\" does not name a model, endpoint configuration or endpoint."));
    if (!arn.account().equals(caller.account()) || !arn.region().equals(caller.region())) {
      throw SageMakerErrors.notFound(arn);
    }
    return arn;
  }

  private static int readOffset(JsonNode in) {
    if (!in.hasNonNull("NextToken") || in.get("NextToken").asText().isEmpty()) {
      return 0;
    }
    try {
      int offset = Integer.parseInt(in.get("NextToken").asText());
      if (offset >= 0) {
        return offset;
      }
    } catch (NumberFormatException e) {
      // falls through
    }
    throw SageMakerErrors.validation("The NextToken is not valid for this request.");
  }
}
