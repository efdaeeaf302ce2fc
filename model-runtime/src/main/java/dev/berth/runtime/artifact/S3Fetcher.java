package dev.berth.runtime.artifact;

import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Reads {@code s3://bucket/key} model data from AWS S3 or an S3-compatible store (MinIO, Ceph): a
 * {@code GetObject} for an archive, {@code ListObjectsV2} then one {@code GetObject} per object for
 * an uncompressed prefix.
 */
public final class S3Fetcher implements UrlFetcher {

  private final S3Client s3;

  /** A fetcher with its own client, built from {@code settings}. */
  public S3Fetcher(S3Settings settings) {
    this(buildClient(settings));
  }

  /** A fetcher over {@code s3}, which it closes when closed. */
  public S3Fetcher(S3Client s3) {
    this.s3 = s3;
  }

  /**
   * An S3 client for {@code settings}, on the JDK's URL connection (one HTTP stack less to ship).
   */
  public static S3Client buildClient(S3Settings settings) {
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(Duration.ofSeconds(60)))
            .region(region(settings))
            .credentialsProvider(credentials(settings))
            .forcePathStyle(settings.pathStyle());
    if (settings.endpointOverride() != null) {
      // Third-party stores do not all know the newer flexible checksums; ask for them only where
      // an operation requires them, as AWS advises for S3-compatible stores.
      builder
          .endpointOverride(settings.endpointOverride())
          .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    }
    return builder.build();
  }

  @Override
  public InputStream open(String url) {
    S3Location location = S3Location.parse(url);
    if (location.key().isEmpty()) {
      throw ArtifactException.downloadFailed(url, "the URL names a bucket but no object key", null);
    }
    return get(url, location.bucket(), location.key());
  }

  @Override
  public List<String> list(String prefixUrl) {
    S3Location location = S3Location.parse(prefixUrl);
    String prefix = directoryPrefix(location.key());
    List<String> relative = new ArrayList<>();
    try {
      ListObjectsV2Request request =
          ListObjectsV2Request.builder().bucket(location.bucket()).prefix(prefix).build();
      for (S3Object object : s3.listObjectsV2Paginator(request).contents()) {
        String rest = object.key().substring(Math.min(prefix.length(), object.key().length()));
        // Keys ending in '/' are the folder markers consoles create, not files.
        if (!rest.isEmpty() && !rest.endsWith("/")) {
          relative.add(rest);
        }
      }
    } catch (SdkException e) {
      throw ArtifactException.downloadFailed(prefixUrl, describe(e), e);
    }
    relative.sort(null);
    return relative;
  }

  @Override
  public InputStream openUnder(String prefixUrl, String relativePath) {
    S3Location location = S3Location.parse(prefixUrl);
    String key = directoryPrefix(location.key()) + relativePath;
    return get("s3://" + location.bucket() + "/" + key, location.bucket(), key);
  }

  @Override
  public void close() {
    s3.close();
  }

  private InputStream get(String url, String bucket, String key) {
    try {
      return s3.getObject(GetObjectRequest.builder().bucket(bucket).key(key).build());
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        throw ArtifactException.notFound(url, describe(e), e);
      }
      throw ArtifactException.downloadFailed(url, describe(e), e);
    } catch (SdkException e) {
      throw ArtifactException.downloadFailed(url, describe(e), e);
    }
  }

  /**
   * SageMaker reads an uncompressed {@code S3Prefix} as a folder; without the trailing slash {@code
   * models/a} would also take in {@code models/ab/…}.
   */
  private static String directoryPrefix(String key) {
    return key.isEmpty() || key.endsWith("/") ? key : key + "/";
  }

  /** {@code 404 Not Found (NoSuchKey: The specified key does not exist.)}. */
  static String describe(SdkException e) {
    if (e instanceof S3Exception s3e) {
      String line = HttpFetcher.statusLine(s3e.statusCode());
      AwsErrorDetails details = s3e.awsErrorDetails();
      if (details != null && details.errorCode() != null) {
        String message = details.errorMessage();
        return line
            + " ("
            + details.errorCode()
            + (message == null || message.isBlank() ? "" : ": " + message)
            + ")";
      }
      return line;
    }
    return e.getMessage();
  }

  private static Region region(S3Settings settings) {
    if (settings.region() != null) {
      return Region.of(settings.region());
    }
    try {
      return DefaultAwsRegionProviderChain.builder().build().getRegion();
    } catch (SdkClientException e) {
      if (settings.endpointOverride() != null) {
        // MinIO and Ceph accept any region in the signature; us-east-1 is their own default.
        return Region.US_EAST_1;
      }
      throw new ArtifactException(
          "Failed to download model data from S3: no AWS region is configured (set AWS_REGION or"
              + " the S3 region setting).",
          e);
    }
  }

  private static AwsCredentialsProvider credentials(S3Settings settings) {
    if (settings.accessKeyId() != null) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey()));
    }
    return DefaultCredentialsProvider.builder().build();
  }

  /** The bucket and key of an {@code s3://bucket/key} URL; the key may be empty for a prefix. */
  record S3Location(String bucket, String key) {
    static S3Location parse(String url) {
      if (!url.regionMatches(true, 0, "s3://", 0, 5)) {
        throw new ArtifactException("Model data URL '" + url + "' is not an s3://bucket/key URL.");
      }
      String rest = url.substring(5);
      int slash = rest.indexOf('/');
      String bucket = slash < 0 ? rest : rest.substring(0, slash);
      String key = slash < 0 ? "" : rest.substring(slash + 1);
      if (bucket.isEmpty()) {
        throw new ArtifactException("Model data URL '" + url + "' names no bucket.");
      }
      return new S3Location(bucket, key);
    }
  }
}
