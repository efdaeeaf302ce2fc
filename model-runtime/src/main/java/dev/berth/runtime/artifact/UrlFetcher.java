package dev.berth.runtime.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Reads model data from one kind of URL. {@link ModelArtifacts} picks the fetcher by scheme and
 * does the rest (hashing, limits, the cache), so a fetcher only moves bytes.
 *
 * <p>A fetcher throws {@link ArtifactException} for a condition it can name (404, access denied, no
 * such prefix) and plain {@link IOException} for transport failures, which the caller reports.
 */
public interface UrlFetcher extends AutoCloseable {

  /** Opens the one object at {@code url}, e.g. a {@code model.tar.gz}. */
  InputStream open(String url) throws IOException;

  /**
   * The objects under the prefix {@code prefixUrl} ({@code CompressionType: None}), as {@code
   * /}-separated paths relative to it, sorted. The paths are not trusted: the caller checks that
   * each stays inside the model directory.
   */
  List<String> list(String prefixUrl) throws IOException;

  /** Opens {@code relativePath}, one of {@link #list}'s answers, under {@code prefixUrl}. */
  InputStream openUnder(String prefixUrl, String relativePath) throws IOException;

  /** Releases what the fetcher holds (an S3 client's connections); nothing by default. */
  @Override
  default void close() {}
}
