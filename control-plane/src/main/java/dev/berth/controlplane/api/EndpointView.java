package dev.berth.controlplane.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.controlplane.domain.EndpointStatus;
import dev.berth.controlplane.persistence.EndpointEntity;
import java.time.Instant;

/**
 * DescribeEndpoint's answer, shaped by state as SageMaker shapes it (spec §2.10): while Creating or
 * Failed there are no ProductionVariants; a deployment under way shows in PendingDeploymentSummary;
 * FailureReason only when set.
 */
final class EndpointView {
  private static final String[] ECHOED_FROM_CONFIG = {
    "AsyncInferenceConfig", "ExplainerConfig", "MetricsConfig"
  };

  private EndpointView() {}

  static ObjectNode describe(
      EndpointEntity row, ConfigDefinitions.Config live, ConfigDefinitions.Config pending) {
    EndpointStatus status = EndpointStatus.valueOf(row.status);
    ObjectNode out = WireJson.object();
    out.put("EndpointName", row.name);
    out.put("EndpointArn", EndpointOperations.arn(row).toString());
    out.put("EndpointConfigName", live.name());
    Fleet fleet = Fleet.parse(row.variants);
    boolean launched = status != EndpointStatus.Creating && status != EndpointStatus.Failed;
    if (launched) {
      out.set("ProductionVariants", summaries(fleet, live.definition(), false, null));
      ArrayNode shadows = summaries(fleet, live.definition(), true, null);
      if (!shadows.isEmpty()) {
        out.set("ShadowProductionVariants", shadows);
      }
    }
    JsonNode capture = live.definition().get("DataCaptureConfig");
    if (capture != null) {
      out.set("DataCaptureConfig", captureSummary(capture, status));
    }
    out.put("EndpointStatus", status.name());
    if (row.failureReason != null) {
      out.put("FailureReason", row.failureReason);
    }
    out.set("CreationTime", WireJson.timestamp(row.creationTime));
    out.set("LastModifiedTime", WireJson.timestamp(row.lastModifiedTime));
    if (row.deploymentConfig != null) {
      out.set("LastDeploymentConfig", WireJson.parse(row.deploymentConfig));
    }
    for (String member : ECHOED_FROM_CONFIG) {
      if (live.definition().has(member)) {
        out.set(member, live.definition().get(member));
      }
    }
    if (status == EndpointStatus.Creating) {
      out.set("PendingDeploymentSummary", pendingSummary(live, fleet, row.creationTime));
    } else if (pending != null && row.pendingVariants != null) {
      ObjectNode summary =
          pendingSummary(pending, Fleet.parse(row.pendingVariants), row.pendingStartTime);
      stageStatus(summary, row.rollout);
      out.set("PendingDeploymentSummary", summary);
    }
    return out;
  }

  /**
   * Once the new fleet is up, its variants say what the traffic shift is doing (SageMaker's
   * ActivatingTraffic and Baking stages) instead of "Launching".
   */
  private static void stageStatus(ObjectNode summary, String rollout) {
    if (rollout == null) {
      return;
    }
    JsonNode state = WireJson.parse(rollout);
    String phase = state.path("phase").asText();
    if (!phase.equals("SHIFTING") && !phase.equals("TERMINATING")) {
      return;
    }
    for (JsonNode variant : summary.path("ProductionVariants")) {
      for (JsonNode status : variant.path("VariantStatus")) {
        ObjectNode s = (ObjectNode) status;
        if (phase.equals("SHIFTING")) {
          s.put("Status", "ActivatingTraffic");
          s.put(
              "StatusMessage",
              Math.round(state.path("share").asDouble() * 100)
                  + "% of traffic is on the new fleet.");
        } else {
          s.put("Status", "Baking");
          s.put(
              "StatusMessage",
              "All traffic is on the new fleet; the old fleet drains before it is removed.");
        }
      }
    }
  }

  private static ObjectNode pendingSummary(
      ConfigDefinitions.Config config, Fleet fleet, Instant startTime) {
    ObjectNode summary = WireJson.object();
    summary.put("EndpointConfigName", config.name());
    summary.set("ProductionVariants", summaries(fleet, config.definition(), false, startTime));
    ArrayNode shadows = summaries(fleet, config.definition(), true, startTime);
    if (!shadows.isEmpty()) {
      summary.set("ShadowProductionVariants", shadows);
    }
    summary.set("StartTime", WireJson.timestamp(startTime));
    return summary;
  }

  /**
   * Variant summaries of one fleet; with a {@code launchStart} they are pending summaries, which
   * also carry the instance type and the launch status.
   */
  private static ArrayNode summaries(
      Fleet fleet, ObjectNode configDefinition, boolean shadow, Instant launchStart) {
    ArrayNode out = WireJson.array();
    for (JsonNode state : fleet.variants()) {
      if (state.path("Shadow").asBoolean(false) != shadow) {
        continue;
      }
      ObjectNode s = out.addObject();
      s.put("VariantName", state.get("VariantName").asText());
      s.put("CurrentWeight", state.path("CurrentWeight").floatValue());
      s.put("DesiredWeight", state.path("DesiredWeight").floatValue());
      if (state.hasNonNull("InstanceType")) {
        s.put("CurrentInstanceCount", state.path("CurrentInstanceCount").asInt());
        s.put("DesiredInstanceCount", state.path("DesiredInstanceCount").asInt());
      } else {
        if (state.hasNonNull("CurrentServerlessConfig")) {
          s.set("CurrentServerlessConfig", state.get("CurrentServerlessConfig"));
        }
        s.set("DesiredServerlessConfig", state.get("DesiredServerlessConfig"));
      }
      JsonNode variantConfig = variantConfig(configDefinition, state.get("VariantName").asText());
      if (variantConfig != null && variantConfig.has("RoutingConfig")) {
        s.set("RoutingConfig", variantConfig.get("RoutingConfig"));
      }
      if (launchStart != null) {
        if (state.hasNonNull("InstanceType")) {
          s.put("InstanceType", state.get("InstanceType").asText());
        }
        int launching =
            state.path("DesiredInstanceCount").asInt(0)
                - state.path("CurrentInstanceCount").asInt(0);
        ArrayNode variantStatus = s.putArray("VariantStatus");
        ObjectNode creating = variantStatus.addObject();
        creating.put("Status", "Creating");
        creating.put("StatusMessage", "Launching " + Math.max(launching, 0) + " instance(s).");
        creating.set("StartTime", WireJson.timestamp(launchStart));
      }
    }
    return out;
  }

  private static JsonNode variantConfig(ObjectNode configDefinition, String variantName) {
    for (String list : new String[] {"ProductionVariants", "ShadowProductionVariants"}) {
      for (JsonNode v : configDefinition.path(list)) {
        if (v.path("VariantName").asText().equals(variantName)) {
          return v;
        }
      }
    }
    return null;
  }

  private static ObjectNode captureSummary(JsonNode capture, EndpointStatus status) {
    boolean enabled = capture.path("EnableCapture").asBoolean(true);
    ObjectNode summary = WireJson.object();
    summary.put("EnableCapture", enabled);
    summary.put(
        "CaptureStatus", enabled && status == EndpointStatus.InService ? "Started" : "Stopped");
    summary.put("CurrentSamplingPercentage", capture.path("InitialSamplingPercentage").asInt());
    summary.put("DestinationS3Uri", capture.path("DestinationS3Uri").asText());
    if (capture.hasNonNull("KmsKeyId")) {
      summary.put("KmsKeyId", capture.get("KmsKeyId").asText());
    }
    return summary;
  }
}
