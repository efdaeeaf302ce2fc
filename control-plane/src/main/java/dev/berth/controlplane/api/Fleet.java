package dev.berth.controlplane.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;

/**
 * The variant states of one fleet of an endpoint (live or pending), as stored in {@code
 * endpoints.variants}: per variant its instance type, desired and current instance counts and
 * weights. Quotas are counted from the desired counts.
 */
final class Fleet {
  private final ArrayNode variants;

  private Fleet(ArrayNode variants) {
    this.variants = variants;
  }

  /** A fleet read from storage. */
  static Fleet parse(String json) {
    return new Fleet(json == null ? WireJson.array() : (ArrayNode) WireJson.parse(json));
  }

  /** The fleet a configuration asks for, nothing launched yet. */
  static Fleet desiredBy(JsonNode configDefinition) {
    ArrayNode variants = WireJson.array();
    for (String list : new String[] {"ProductionVariants", "ShadowProductionVariants"}) {
      for (JsonNode v : configDefinition.path(list)) {
        ObjectNode state = variants.addObject();
        state.put("VariantName", v.get("VariantName").asText());
        if (list.startsWith("Shadow")) {
          state.put("Shadow", true);
        }
        if (v.hasNonNull("InstanceType")) {
          state.put("InstanceType", v.get("InstanceType").asText());
          state.put("DesiredInstanceCount", v.path("InitialInstanceCount").asInt(1));
        } else {
          state.set("DesiredServerlessConfig", v.get("ServerlessConfig"));
        }
        state.put("CurrentInstanceCount", 0);
        state.put("DesiredWeight", v.path("InitialVariantWeight").floatValue());
        state.put("CurrentWeight", 0.0f);
      }
    }
    return new Fleet(variants);
  }

  /** The variants, in configuration order. */
  ArrayNode variants() {
    return variants;
  }

  /** The variant called {@code name} (case-sensitive, as SageMaker matches variants), or null. */
  ObjectNode variant(String name) {
    for (JsonNode v : variants) {
      if (v.path("VariantName").asText().equals(name)) {
        return (ObjectNode) v;
      }
    }
    return null;
  }

  /** Desired instances of all variants. */
  long instances() {
    long total = 0;
    for (JsonNode v : variants) {
      total += v.path("DesiredInstanceCount").asLong(0);
    }
    return total;
  }

  /** Desired instances per instance type. */
  Map<String, Long> instancesByType() {
    Map<String, Long> byType = new HashMap<>();
    for (JsonNode v : variants) {
      if (v.hasNonNull("InstanceType")) {
        byType.merge(
            v.get("InstanceType").asText(), v.path("DesiredInstanceCount").asLong(0), Long::sum);
      }
    }
    return byType;
  }

  /** For storage. */
  String toJson() {
    return WireJson.write(variants);
  }
}
