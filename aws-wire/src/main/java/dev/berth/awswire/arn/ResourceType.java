package dev.berth.awswire.arn;

import java.util.Optional;

/** The SageMaker hosting resources that have ARNs, with the resource prefix each ARN uses. */
public enum ResourceType {
  MODEL("model", "model"),
  ENDPOINT_CONFIG("endpoint-config", "endpoint configuration"),
  ENDPOINT("endpoint", "endpoint");

  private final String arnPrefix;
  private final String noun;

  ResourceType(String arnPrefix, String noun) {
    this.arnPrefix = arnPrefix;
    this.noun = noun;
  }

  /** The resource part's prefix: {@code model}, {@code endpoint-config} or {@code endpoint}. */
  public String arnPrefix() {
    return arnPrefix;
  }

  /** The noun SageMaker's messages use: {@code Could not find endpoint configuration "…".} */
  public String noun() {
    return noun;
  }

  /** The type whose ARN prefix is {@code prefix}, if any. */
  public static Optional<ResourceType> fromArnPrefix(String prefix) {
    for (ResourceType type : values()) {
      if (type.arnPrefix.equals(prefix)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
