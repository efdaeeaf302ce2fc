package dev.berth.controlplane.domain;

import java.util.Locale;
import java.util.Optional;

/**
 * A per-account, per-region quota (spec §9.9): its name as it appears in {@code
 * ResourceLimitExceeded} and its unit. Limits (defaults and overrides) and usage live in
 * PostgreSQL, keyed by {@link #shortKey()}, where the triggers that enforce them read them.
 *
 * @param name the quota name, e.g. {@code Number of endpoints} or {@code ml.g5.xlarge for endpoint
 *     usage}
 * @param unit the unit printed after numbers, e.g. {@code Endpoints}
 */
public record Quota(String name, String unit) {
  public static final Quota ENDPOINTS = new Quota("Number of endpoints", "Endpoints");
  public static final Quota ENDPOINT_CONFIGS =
      new Quota("Number of endpoint configurations", "EndpointConfigurations");
  public static final Quota MODELS = new Quota("Number of models", "Models");
  public static final Quota INSTANCES_PER_ENDPOINT =
      new Quota("Number of instances per endpoint", "Instances");
  public static final Quota INSTANCES =
      new Quota("Number of instances across all endpoints", "Instances");

  private static final String INSTANCE_TYPE_SUFFIX = " for endpoint usage";

  /** The quota on instances of one type across all endpoints. */
  public static Quota instanceType(String instanceType) {
    return new Quota(instanceType + INSTANCE_TYPE_SUFFIX, "Instances");
  }

  /**
   * Resolves a name given on the command line or over the admin API: the full quota name, or a
   * short key ({@code endpoints}, {@code endpoint-configs}, {@code models}, {@code
   * instances-per-endpoint}, {@code instances}, {@code instance-type:<type>}).
   */
  public static Optional<Quota> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String key = text.trim();
    String lower = key.toLowerCase(Locale.ROOT);
    if (lower.startsWith("instance-type:")) {
      String type = key.substring("instance-type:".length());
      return isInstanceType(type) ? Optional.of(instanceType(type)) : Optional.empty();
    }
    if (lower.endsWith(INSTANCE_TYPE_SUFFIX)) {
      String type = key.substring(0, key.length() - INSTANCE_TYPE_SUFFIX.length());
      return isInstanceType(type) ? Optional.of(instanceType(type)) : Optional.empty();
    }
    for (Quota q :
        new Quota[] {ENDPOINTS, ENDPOINT_CONFIGS, MODELS, INSTANCES_PER_ENDPOINT, INSTANCES}) {
      if (q.name.equalsIgnoreCase(key) || q.shortKey().equals(lower)) {
        return Optional.of(q);
      }
    }
    return Optional.empty();
  }

  // Instance types are lower case (ml.g5.xlarge): "ML.G5.XLARGE for endpoint usage" would be a
  // quota stored under a name that no quota check ever reads.
  private static boolean isInstanceType(String type) {
    return type.startsWith("ml.")
        && type.length() > "ml.".length()
        && type.equals(type.toLowerCase(Locale.ROOT));
  }

  /** The short key accepted by {@code berth quotas set}. */
  public String shortKey() {
    if (this.equals(ENDPOINTS)) {
      return "endpoints";
    } else if (this.equals(ENDPOINT_CONFIGS)) {
      return "endpoint-configs";
    } else if (this.equals(MODELS)) {
      return "models";
    } else if (this.equals(INSTANCES_PER_ENDPOINT)) {
      return "instances-per-endpoint";
    } else if (this.equals(INSTANCES)) {
      return "instances";
    }
    return "instance-type:" + name.substring(0, name.length() - INSTANCE_TYPE_SUFFIX.length());
  }

  /**
   * The {@code ResourceLimitExceeded} message of spec §3.5 for a request that would pass the limit.
   */
  public String exceededMessage(long limit, long used, long delta) {
    return "The account-level service limit '"
        + name
        + "' is "
        + limit
        + " "
        + unit
        + ", with current utilization of "
        + used
        + " "
        + unit
        + " and a request delta of "
        + delta
        + " "
        + unit
        + ". Please use 'berth quotas set' to request an increase for this quota.";
  }
}
