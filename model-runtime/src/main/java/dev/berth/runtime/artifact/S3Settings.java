package dev.berth.runtime.artifact;

import java.net.URI;

/**
 * How to reach the S3-compatible store that holds {@code s3://} model data. Each null field falls
 * back to the AWS SDK's default chain ({@code AWS_REGION}, {@code AWS_ENDPOINT_URL_S3}, {@code
 * AWS_ACCESS_KEY_ID}, profiles, instance metadata), so on AWS nothing needs setting; MinIO and Ceph
 * need {@code endpointOverride} and usually {@code pathStyle}.
 *
 * <pre>{@code
 * new S3Settings(URI.create("http://minio:9000"), "us-east-1", true, "minio", "minio123");
 * }</pre>
 *
 * @param endpointOverride the store's endpoint, or null for AWS S3
 * @param region the signing region, or null for the default chain (then {@code us-east-1} when an
 *     endpoint override is set, since MinIO and Ceph accept any region)
 * @param pathStyle true for {@code http://host/bucket/key} addressing instead of a bucket host name
 * @param accessKeyId the access key, or null for the default credentials chain
 * @param secretAccessKey the secret key; given exactly when {@code accessKeyId} is
 */
public record S3Settings(
    URI endpointOverride,
    String region,
    boolean pathStyle,
    String accessKeyId,
    String secretAccessKey) {

  public S3Settings {
    region = blankToNull(region);
    accessKeyId = blankToNull(accessKeyId);
    secretAccessKey = blankToNull(secretAccessKey);
    if ((accessKeyId == null) != (secretAccessKey == null)) {
      throw new IllegalArgumentException(
          "S3 credentials need both an access key id and a secret access key, or neither");
    }
  }

  /** Everything from the AWS SDK's default chains. */
  public static S3Settings defaults() {
    return new S3Settings(null, null, false, null, null);
  }

  /** Never shows the secret, since settings end up in logs. */
  @Override
  public String toString() {
    return "S3Settings[endpointOverride="
        + endpointOverride
        + ", region="
        + region
        + ", pathStyle="
        + pathStyle
        + ", accessKeyId="
        + accessKeyId
        + ", secretAccessKey="
        + (secretAccessKey == null ? null : "****")
        + "]";
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
