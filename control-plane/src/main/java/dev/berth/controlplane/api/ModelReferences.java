package dev.berth.controlplane.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.awswire.arn.Arn;
import dev.berth.awswire.arn.ResourceType;
import dev.berth.controlplane.domain.Caller;
import dev.berth.controlplane.domain.SageMakerErrors;
import io.smallrye.mutiny.Uni;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Checks that every model a configuration's variants name exists, in one query: at
 * CreateEndpointConfig, and again at CreateEndpoint and UpdateEndpoint since models can be deleted
 * in between (spec §2.4, §2.9).
 *
 * <p>CreateEndpoint and UpdateEndpoint keep the definitions they found with the endpoint, as
 * SageMaker copies a model into the endpoint: deleting the model later does not break instances
 * that are restarted or scaled.
 */
final class ModelReferences {
  /**
   * The definitions of the models the configuration names, as a JSON object keyed by the name the
   * configuration uses; fails with {@code Could not find model "<arn>".} for the first missing one.
   */
  Uni<ObjectNode> requireAll(Mutiny.Session session, Caller caller, JsonNode configDefinition) {
    Map<String, String> wanted = new LinkedHashMap<>();
    for (String list : new String[] {"ProductionVariants", "ShadowProductionVariants"}) {
      for (JsonNode variant : configDefinition.path(list)) {
        if (variant.hasNonNull("ModelName")) {
          String name = variant.get("ModelName").asText();
          wanted.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
        }
      }
    }
    if (wanted.isEmpty()) {
      return Uni.createFrom().item(WireJson.object());
    }
    return session
        .createSelectionQuery(
            "select nameKey, definition from ModelEntity where accountId = :a and region = :r and"
                + " nameKey in :keys",
            Object[].class)
        .setParameter("a", caller.account())
        .setParameter("r", caller.region())
        .setParameter("keys", List.copyOf(wanted.keySet()))
        .getResultList()
        .map(
            rows -> {
              Map<String, String> found = new HashMap<>();
              rows.forEach(row -> found.put((String) row[0], (String) row[1]));
              ObjectNode definitions = WireJson.object();
              for (Map.Entry<String, String> e : wanted.entrySet()) {
                String definition = found.get(e.getKey());
                if (definition == null) {
                  throw SageMakerErrors.notFound(
                      Arn.of(caller.region(), caller.account(), ResourceType.MODEL, e.getValue()));
                }
                definitions.set(e.getValue(), WireJson.parse(definition));
              }
              return definitions;
            });
  }
}
