package dev.berth.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.controlplane.admin.AdminClient;
import java.net.URI;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/**
 * One running control plane per test JVM on the {@link TestDatabase}, and fresh accounts for every
 * test: each test works on its own data, so tests never depend on one another.
 */
public final class ControlPlaneFixture {
  public static final String ADMIN_ACCOUNT = "000000000000";
  private static ControlPlane controlPlane;

  private ControlPlaneFixture() {}

  /** The running control plane. */
  public static synchronized ControlPlane controlPlane() {
    if (controlPlane == null) {
      controlPlane =
          ControlPlane.start(
              ControlPlaneConfig.of("127.0.0.1", 0, TestDatabase.config())
                  .withBootstrapKey(ControlPlaneConfig.BootstrapKey.LOOPBACK));
      Runtime.getRuntime().addShutdownHook(new Thread(controlPlane::close));
    }
    return controlPlane;
  }

  /** The control plane's URL. */
  public static URI url() {
    return URI.create("http://127.0.0.1:" + controlPlane().port());
  }

  /** An admin client with the bootstrap key. */
  public static AdminClient admin() {
    return new AdminClient(url(), "us-east-1", "test", "test");
  }

  /** A new account with a key that may do everything, as a SageMaker client in us-east-1. */
  public static Account newAccount() {
    return newAccount(List.of());
  }

  /** A new account whose key may only call {@code actions}. */
  public static Account newAccount(List<String> actions) {
    String id = String.format("%012d", ThreadLocalRandom.current().nextLong(1, 999_999_999_999L));
    try {
      JsonNode key = admin().createAccessKey(id, actions, false);
      return new Account(id, key.get("AccessKeyId").asText(), key.get("SecretAccessKey").asText());
    } catch (AdminClient.AdminException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A SageMaker client for any key, without retries so tests see every error once. */
  public static SageMakerClient client(String accessKeyId, String secret, Region region) {
    return SageMakerClient.builder()
        .endpointOverride(url())
        .region(region)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secret)))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  /**
   * A test account and its key.
   *
   * @param id the account id
   * @param accessKeyId the key
   * @param secret the secret
   */
  public record Account(String id, String accessKeyId, String secret) {
    /** A client for this account in us-east-1. */
    public SageMakerClient client() {
      return ControlPlaneFixture.client(accessKeyId, secret, Region.US_EAST_1);
    }

    /** A client for this account in {@code region}. */
    public SageMakerClient client(Region region) {
      return ControlPlaneFixture.client(accessKeyId, secret, region);
    }

    /** The ARN prefix of this account's resources in us-east-1. */
    public String arnPrefix() {
      return "arn:aws:sagemaker:us-east-1:" + id + ":";
    }
  }
}
