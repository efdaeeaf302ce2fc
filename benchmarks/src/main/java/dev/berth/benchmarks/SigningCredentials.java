package dev.berth.benchmarks;

import dev.berth.awswire.sigv4.SigV4Signer;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;

/**
 * The credentials a load run signs with, from the AWS SDK's providers: resolved once before the run
 * (so a missing key fails at once, with the SDK's message) and then again every {@link
 * #REFRESH_SECONDS} seconds on a thread of its own, never on the generator's event loop, which only
 * reads the latest.
 *
 * <p>Usage: {@code try (SigningCredentials credentials = SigningCredentials.of(profile)) { ... }}
 */
public final class SigningCredentials implements AutoCloseable {
  /** How often the provider is asked again; temporary credentials last 15 minutes or more. */
  static final long REFRESH_SECONDS = 60;

  private final AwsCredentialsProvider provider;
  private final ScheduledExecutorService refresher;
  private volatile AwsCredentials current;

  /**
   * Resolves {@code provider} now and keeps refreshing it.
   *
   * @throws IllegalStateException when the provider finds no credentials
   */
  public SigningCredentials(AwsCredentialsProvider provider) {
    this.provider = Objects.requireNonNull(provider, "provider");
    this.current = resolve();
    this.refresher =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "bench-credentials");
              thread.setDaemon(true);
              return thread;
            });
    refresher.scheduleWithFixedDelay(
        this::refresh, REFRESH_SECONDS, REFRESH_SECONDS, TimeUnit.SECONDS);
  }

  /**
   * The SDK's default chain (environment, system properties, the shared files, SSO, container and
   * instance roles), or the named profile of the shared files when {@code profile} is not null.
   */
  public static SigningCredentials of(String profile) {
    return new SigningCredentials(
        profile == null
            ? DefaultCredentialsProvider.builder().build()
            : ProfileCredentialsProvider.create(profile));
  }

  /** The latest credentials resolved. */
  public AwsCredentials current() {
    return current;
  }

  /** A signer for {@code service} in {@code region} with {@code credentials}. */
  static SigV4Signer signer(String service, String region, AwsCredentials credentials) {
    return credentials instanceof AwsSessionCredentials session
        ? new SigV4Signer(
            service,
            region,
            session.accessKeyId(),
            session.secretAccessKey(),
            session.sessionToken())
        : new SigV4Signer(
            service, region, credentials.accessKeyId(), credentials.secretAccessKey());
  }

  private AwsCredentials resolve() {
    try {
      return provider.resolveCredentials();
    } catch (RuntimeException e) {
      throw new IllegalStateException("no AWS credentials to sign with: " + e.getMessage(), e);
    }
  }

  private void refresh() {
    try {
      current = resolve();
    } catch (RuntimeException e) {
      // Keep signing with the last credentials: they may still be valid, and the errors the
      // endpoint answers with will say when they are not.
    }
  }

  @Override
  public void close() {
    refresher.shutdownNow();
  }
}
