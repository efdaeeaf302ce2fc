package dev.berth.controlplane.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.controlplane.api.WireJson;
import java.time.Instant;

/**
 * Where a blue/green update stands, stored in {@code endpoints.rollout} so a restarted control
 * plane resumes it.
 *
 * @param phase what happens now
 * @param share the fraction of traffic the new fleet receives (0 to 1)
 * @param until when the phase ends (a wait interval), or null when it ends on an event
 */
record Rollout(Phase phase, double share, Instant until) {
  /** The phases of a blue/green update. */
  enum Phase {
    /** The new fleet is being launched; no traffic on it. */
    PROVISIONING,
    /** Part of the traffic is on the new fleet (canary or a linear step), until {@code until}. */
    SHIFTING,
    /** All traffic is on the new fleet; the old one drains until {@code until}, then goes. */
    TERMINATING
  }

  static Rollout provisioning() {
    return new Rollout(Phase.PROVISIONING, 0, null);
  }

  static Rollout parse(String json) {
    if (json == null) {
      return null;
    }
    JsonNode node = WireJson.parse(json);
    return new Rollout(
        Phase.valueOf(node.get("phase").asText()),
        node.path("share").asDouble(0),
        node.hasNonNull("until") ? Instant.parse(node.get("until").asText()) : null);
  }

  String toJson() {
    ObjectNode node = WireJson.object();
    node.put("phase", phase.name());
    node.put("share", share);
    if (until != null) {
      node.put("until", until.toString());
    }
    return WireJson.write(node);
  }

  /** True once the phase's wait is over. */
  boolean waited(Instant now) {
    return until == null || !now.isBefore(until);
  }
}
