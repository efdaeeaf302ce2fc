package dev.berth.controlplane.orchestrator.kubernetes;

import dev.berth.controlplane.orchestrator.FleetId;
import dev.berth.controlplane.orchestrator.FleetSpec;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The labels and annotations Berth puts on a fleet's Deployment and pods, and the way back from
 * them to the {@link FleetId}: labels select (they must be valid label values), annotations keep
 * the exact names (a variant name may hold characters no label value can), so the fleets can be
 * rebuilt from the cluster alone.
 */
final class FleetMetadata {
  static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  static final String MANAGED_BY_BERTH = "berth";
  static final String FLEET = "berth.dev/fleet";
  static final String ENDPOINT_ID = "berth.dev/endpoint-id";
  static final String CONFIG_ID = "berth.dev/config-id";
  static final String ACCOUNT = "berth.dev/account";
  static final String INSTANCE_TYPE = "berth.dev/instance-type";

  static final String ENDPOINT_NAME = "berth.dev/endpoint-name";
  static final String CONFIG_NAME = "berth.dev/endpoint-config-name";
  static final String REGION = "berth.dev/region";
  static final String VARIANT = "berth.dev/variant";
  static final String SPEC_HASH = "berth.dev/spec-hash";

  private static final Pattern LABEL_VALUE =
      Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");

  private FleetMetadata() {}

  /** Labels of the fleet's Deployment and of each of its pods. */
  static Map<String, String> labels(FleetSpec spec, Map<String, String> extra) {
    Map<String, String> labels = new LinkedHashMap<>(extra);
    labels.put(MANAGED_BY, MANAGED_BY_BERTH);
    labels.put(FLEET, spec.id().name());
    labels.put(ENDPOINT_ID, Long.toString(spec.id().endpointId()));
    labels.put(CONFIG_ID, Long.toString(spec.id().configId()));
    labels.put(ACCOUNT, labelValue(spec.account()));
    labels.put(INSTANCE_TYPE, labelValue(spec.instanceType()));
    return labels;
  }

  /** The labels a fleet's pods are selected by (immutable once the Deployment exists). */
  static Map<String, String> selector(FleetId id) {
    return Map.of(MANAGED_BY, MANAGED_BY_BERTH, FLEET, id.name());
  }

  /** Annotations of the fleet's Deployment and of each of its pods: the exact names. */
  static Map<String, String> annotations(FleetSpec spec) {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(VARIANT, spec.id().variantName());
    annotations.put(ENDPOINT_NAME, spec.endpointName());
    annotations.put(CONFIG_NAME, spec.configName());
    annotations.put(REGION, spec.region());
    annotations.put(ACCOUNT, spec.account());
    return annotations;
  }

  /**
   * The fleet a Deployment or pod belongs to, from its labels and annotations; empty if they are
   * missing or do not add up to the name in its {@code berth.dev/fleet} label (not Berth's, or
   * edited by hand).
   */
  static Optional<FleetId> fleetId(ObjectMeta meta) {
    if (meta == null || meta.getLabels() == null || meta.getAnnotations() == null) {
      return Optional.empty();
    }
    Map<String, String> labels = meta.getLabels();
    String variant = meta.getAnnotations().get(VARIANT);
    String fleet = labels.get(FLEET);
    if (variant == null || fleet == null) {
      return Optional.empty();
    }
    try {
      FleetId id =
          new FleetId(
              Long.parseLong(labels.getOrDefault(ENDPOINT_ID, "")),
              Long.parseLong(labels.getOrDefault(CONFIG_ID, "")),
              variant);
      return id.name().equals(fleet) ? Optional.of(id) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * {@code value} if it is a valid label value, else the closest one: characters a label cannot
   * hold become {@code -}, at most 63 characters, starting and ending with a letter or digit. The
   * exact value is in an annotation.
   */
  static String labelValue(String value) {
    if (LABEL_VALUE.matcher(value).matches()) {
      return value;
    }
    String cleaned = value.replaceAll("[^-A-Za-z0-9_.]", "-");
    if (cleaned.length() > 63) {
      cleaned = cleaned.substring(0, 63);
    }
    return cleaned.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
  }
}
