package dev.berth.controlplane.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.awswire.arn.Arn;
import dev.berth.awswire.arn.ResourceType;
import dev.berth.controlplane.domain.Caller;
import dev.berth.controlplane.domain.SageMakerErrors;
import io.smallrye.mutiny.Uni;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Checks that every model a configuration's variants name exists, in one query: at
 * CreateEndpointConfig, and again at CreateEndpoint and UpdateEndpoint since models can be deleted
 * in between (spec §2.4, §2.9).
 */
final class ModelReferences {
  /** Fails with {@code Could not find model "<arn>".} for the first missing model. */
  Uni<Void> requireAll(Mutiny.Session session, Caller caller, JsonNode configDefinition) {
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
      return Uni.createFrom().voidItem();
    }
    return session
        .createSelectionQuery(
            "select nameKey from ModelEntity where accountId = :a and region = :r and nameKey in"
                + " :keys",
            String.class)
        .setParameter("a", caller.account())
        .setParameter("r", caller.region())
        .setParameter("keys", List.copyOf(wanted.keySet()))
        .getResultList()
        .map(
            found -> {
              for (Map.Entry<String, String> e : wanted.entrySet()) {
                if (!found.contains(e.getKey())) {
                  throw SageMakerErrors.notFound(
                      Arn.of(caller.region(), caller.account(), ResourceType.MODEL, e.getValue()));
                }
              }
              return null;
            });
  }
}
