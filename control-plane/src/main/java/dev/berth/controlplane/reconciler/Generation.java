package dev.berth.controlplane.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One configuration an endpoint runs: the live one, or during a blue/green update the pending one.
 *
 * @param configId {@code endpoint_configs.id}
 * @param configName its name
 * @param config its definition (variants with defaults applied)
 * @param variants the variant states stored for it ({@code endpoints.variants} or {@code
 *     pending_variants}); the reconciler updates their Current* members
 * @param models the definitions of its models by the name the configuration uses
 */
record Generation(
    long configId, String configName, ObjectNode config, ArrayNode variants, ObjectNode models) {
  Generation {
    Objects.requireNonNull(configName, "configName");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(variants, "variants");
    Objects.requireNonNull(models, "models");
  }

  /** The stored state of the variant called {@code name}, or null. */
  ObjectNode variantState(String name) {
    for (JsonNode v : variants) {
      if (v.path("VariantName").asText().equals(name)) {
        return (ObjectNode) v;
      }
    }
    return null;
  }

  /** The configuration's definition of the variant called {@code name}, or a missing node. */
  JsonNode variantDefinition(String name) {
    for (String list : new String[] {"ProductionVariants", "ShadowProductionVariants"}) {
      for (JsonNode v : config.path(list)) {
        if (v.path("VariantName").asText().equals(name)) {
          return v;
        }
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }
}
