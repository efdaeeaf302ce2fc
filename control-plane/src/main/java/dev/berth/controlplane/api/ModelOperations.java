package dev.berth.controlplane.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.awswire.arn.Arn;
import dev.berth.awswire.arn.ResourceType;
import dev.berth.controlplane.domain.Caller;
import dev.berth.controlplane.domain.SageMakerErrors;
import dev.berth.controlplane.persistence.ModelEntity;
import dev.berth.controlplane.persistence.ResourceLister;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/** CreateModel, DescribeModel, ListModels, DeleteModel (spec §2.1–2.4). */
final class ModelOperations {
  /** All containers' environment keys and values together, spec §6.1. */
  static final int MAX_ENVIRONMENT_BYTES = 32 * 1024;

  private final Mutiny.SessionFactory sessions;

  ModelOperations(Mutiny.SessionFactory sessions) {
    this.sessions = sessions;
  }

  Uni<JsonNode> create(Caller caller, JsonNode in) {
    String name = in.get("ModelName").asText();
    Arn arn = Arn.of(caller.region(), caller.account(), ResourceType.MODEL, name);
    checkContainers(in);
    ObjectNode definition = in.deepCopy();
    definition.remove("ModelName");
    definition.remove("Tags");
    ModelEntity row = CountedInsert.newRow(new ModelEntity(), caller, name, in.get("Tags"));
    row.definition = WireJson.write(definition);
    return CountedInsert.insert(sessions, row, arn, session -> Uni.createFrom().voidItem())
        .map(ignored -> WireJson.object().put("ModelArn", arn.toString()));
  }

  Uni<JsonNode> describe(Caller caller, JsonNode in) {
    String name = in.get("ModelName").asText();
    return sessions
        .withSession(
            session ->
                ResourceLookup.require(
                    session, ModelEntity.class, ResourceType.MODEL, caller, name))
        .map(ModelOperations::describe);
  }

  Uni<JsonNode> list(Caller caller, JsonNode in) {
    var query = ListRequests.read(in);
    return sessions
        .withSession(
            session ->
                ResourceLister.page(
                    session, ModelEntity.class, caller.account(), caller.region(), query))
        .map(
            rows ->
                ListRequests.page(
                    rows,
                    query,
                    "Models",
                    row ->
                        WireJson.object()
                            .put("ModelName", row.name)
                            .put("ModelArn", arn(row).toString())
                            .set("CreationTime", WireJson.timestamp(row.creationTime))));
  }

  Uni<JsonNode> delete(Caller caller, JsonNode in) {
    String name = in.get("ModelName").asText();
    return sessions
        .withTransaction(
            session ->
                // Configurations naming the model stay; CreateEndpoint reports it missing.
                ResourceLookup.require(session, ModelEntity.class, ResourceType.MODEL, caller, name)
                    .chain(session::remove))
        .map(ignored -> WireJson.object());
  }

  static Arn arn(ModelEntity row) {
    return Arn.of(row.region, row.accountId, ResourceType.MODEL, row.name);
  }

  private static JsonNode describe(ModelEntity row) {
    ObjectNode out = WireJson.object();
    out.put("ModelName", row.name);
    ObjectNode definition = (ObjectNode) WireJson.parse(row.definition);
    // Defaults SageMaker fills in and echoes (spec §2.2).
    if (definition.has("PrimaryContainer")) {
      withDefaultMode(definition.get("PrimaryContainer"));
    }
    definition.path("Containers").forEach(ModelOperations::withDefaultMode);
    if (!definition.has("EnableNetworkIsolation")) {
      definition.put("EnableNetworkIsolation", false);
    }
    out.setAll(definition);
    out.set("CreationTime", WireJson.timestamp(row.creationTime));
    out.put("ModelArn", arn(row).toString());
    return out;
  }

  private static void withDefaultMode(JsonNode container) {
    if (container instanceof ObjectNode c && !c.has("Mode")) {
      c.put("Mode", "SingleModel");
    }
  }

  private static void checkContainers(JsonNode in) {
    boolean primary = in.hasNonNull("PrimaryContainer");
    boolean pipeline = in.hasNonNull("Containers") && !in.get("Containers").isEmpty();
    if (primary == pipeline) {
      throw SageMakerErrors.validation(
          "Exactly one of PrimaryContainer and Containers must be specified.");
    }
    long bytes = 0;
    Iterable<JsonNode> containers =
        primary ? java.util.List.of(in.get("PrimaryContainer")) : in.get("Containers");
    for (JsonNode container : containers) {
      Iterator<Map.Entry<String, JsonNode>> env = container.path("Environment").fields();
      while (env.hasNext()) {
        Map.Entry<String, JsonNode> e = env.next();
        bytes += e.getKey().getBytes(StandardCharsets.UTF_8).length;
        bytes += e.getValue().asText().getBytes(StandardCharsets.UTF_8).length;
      }
    }
    if (bytes > MAX_ENVIRONMENT_BYTES) {
      throw SageMakerErrors.validation(
          "The environment variables of all containers total "
              + bytes
              + " bytes; the limit is "
              + MAX_ENVIRONMENT_BYTES
              + " bytes (keys and values together).");
    }
  }
}
