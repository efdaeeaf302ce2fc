package dev.berth.awswire.arn;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SageMaker hosting ARN: {@code arn:aws:sagemaker:<region>:<account>:<type>/<name>}.
 *
 * <p>SageMaker lower-cases the resource part while names keep their case everywhere else (spec §4),
 * so {@link #toString()} always yields the lower-cased form and {@link #parse} accepts any case.
 *
 * @param partition {@code aws}, {@code aws-cn} or {@code aws-us-gov}
 * @param region the region
 * @param account the 12-digit account id
 * @param type the resource type
 * @param name the resource name, lower-cased
 */
public record Arn(String partition, String region, String account, ResourceType type, String name) {
  private static final Pattern ARN =
      Pattern.compile(
          "arn:(aws[a-z\\-]*):sagemaker:([a-z0-9-]*):([0-9]{12}):([a-z-]+)/(.+)",
          Pattern.CASE_INSENSITIVE);

  public Arn {
    name = name.toLowerCase(Locale.ROOT);
  }

  /** The ARN of {@code name} in the {@code aws} partition. */
  public static Arn of(String region, String account, ResourceType type, String name) {
    return new Arn("aws", region, account, type, name);
  }

  /** Parses an ARN of a model, endpoint configuration or endpoint, in any case. */
  public static Optional<Arn> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = ARN.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    return ResourceType.fromArnPrefix(m.group(4).toLowerCase(Locale.ROOT))
        .map(
            type ->
                new Arn(
                    m.group(1).toLowerCase(Locale.ROOT),
                    m.group(2).toLowerCase(Locale.ROOT),
                    m.group(3),
                    type,
                    m.group(5)));
  }

  @Override
  public String toString() {
    return "arn:"
        + partition
        + ":sagemaker:"
        + region
        + ":"
        + account
        + ":"
        + type.arnPrefix()
        + "/"
        + name;
  }
}
