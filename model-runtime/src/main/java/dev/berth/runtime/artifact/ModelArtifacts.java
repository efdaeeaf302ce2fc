package dev.berth.runtime.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Puts a runtime's model on local disk: the entry point of this package.
 *
 * <pre>{@code
 * try (ModelArtifacts artifacts = new ModelArtifacts(S3Settings.defaults(), ArtifactLimits.defaults())) {
 *   Path modelDir = artifacts.materialize(
 *       ArtifactRequest.modelData("s3://models/mlp/model.tar.gz", true, cacheDir));
 * }
 * }</pre>
 *
 * <p>A local directory is returned as is. A model data URL is looked up in the {@link
 * ArtifactCache} first, so a second runtime of the same model on the machine starts without
 * downloading; otherwise the archive is downloaded to a temporary file (hashed on the way),
 * unpacked by {@link SafeUnpacker} into a temporary directory, and renamed into the entry named for
 * its SHA-256. An uncompressed prefix is copied object by object instead. Every failure is an
 * {@link ArtifactException} whose message can go straight into the endpoint's FailureReason.
 *
 * <p>Blocking: call it from a worker thread, never from an event loop. Thread-safe.
 */
public final class ModelArtifacts implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ModelArtifacts.class);

  /** Far longer than any download, so a sweep never takes a live process's temporary file. */
  private static final Duration STALE_TEMP = Duration.ofHours(24);

  private final Map<String, UrlFetcher> fetchers;
  private final S3Settings s3Settings;
  private final ArtifactLimits limits;
  private final SafeUnpacker unpacker;
  private final PrefixCopier prefixCopier;
  private S3Fetcher s3; // made on first s3:// use, so other schemes need no AWS region

  /** Reads {@code file://}, {@code http(s)://} and {@code s3://} (with {@code s3}) model data. */
  public ModelArtifacts(S3Settings s3, ArtifactLimits limits) {
    this(defaultFetchers(), Objects.requireNonNull(s3, "s3"), limits);
  }

  /**
   * Reads model data with {@code fetchersByScheme} (keys {@code file}, {@code http}, {@code https},
   * {@code s3}); a scheme without a fetcher is refused.
   */
  public ModelArtifacts(Map<String, UrlFetcher> fetchersByScheme, ArtifactLimits limits) {
    this(fetchersByScheme, null, limits);
  }

  private ModelArtifacts(
      Map<String, UrlFetcher> fetchers, S3Settings s3Settings, ArtifactLimits limits) {
    this.fetchers = Map.copyOf(fetchers);
    this.s3Settings = s3Settings;
    this.limits = Objects.requireNonNull(limits, "limits");
    this.unpacker = new SafeUnpacker(limits);
    this.prefixCopier = new PrefixCopier(limits);
  }

  private static Map<String, UrlFetcher> defaultFetchers() {
    HttpFetcher http = new HttpFetcher();
    Map<String, UrlFetcher> fetchers = new HashMap<>();
    fetchers.put("file", new FileFetcher());
    fetchers.put("http", http);
    fetchers.put("https", http);
    return fetchers;
  }

  /**
   * The local directory holding the model {@code request} names: its {@code modelDir} as is, or the
   * cache entry holding the model from its {@code modelDataUrl}. Treat the directory as read-only:
   * other runtimes on the machine may share it.
   *
   * @throws ArtifactException why the model could not be put on disk, in FailureReason words
   */
  public Path materialize(ArtifactRequest request) {
    if (!request.isRemote()) {
      return localDirectory(request.modelDir());
    }
    ModelDataUrl url = ModelDataUrl.parse(request.modelDataUrl());
    UrlFetcher fetcher = fetcherFor(url);
    ArtifactCache cache = new ArtifactCache(request.cacheDir());
    // The form is part of the key: one URL read as an archive and as a prefix are two models.
    String key = (request.compressed() ? "archive " : "prefix ") + url.raw();
    Optional<Path> cached = cache.find(key);
    if (cached.isPresent()) {
      log.info("Model data {} found in the cache at {}", url.display(), cached.get());
      return cached.get();
    }
    cache.sweepStale(STALE_TEMP);
    long start = System.nanoTime();
    try {
      String digest =
          request.compressed() ? fromArchive(fetcher, url, cache) : fromPrefix(fetcher, url, cache);
      cache.remember(key, digest);
      Path entry = cache.entryPath(digest);
      log.info(
          "Model data {} is in {} after {} ms",
          url.display(),
          entry,
          (System.nanoTime() - start) / 1_000_000);
      return entry;
    } catch (IOException e) {
      throw new ArtifactException(
          "Failed to store model data from "
              + url.display()
              + " in the cache "
              + cache.root()
              + ": "
              + ArtifactException.describe(e),
          e);
    }
  }

  /** Closes the fetchers, and the S3 client if one was made. */
  @Override
  public synchronized void close() {
    if (s3 != null) {
      s3.close();
      s3 = null;
    }
    fetchers.values().forEach(UrlFetcher::close);
  }

  private static Path localDirectory(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new ArtifactException(
          "Model directory "
              + dir
              + (Files.exists(dir) ? " is not a directory" : " does not exist")
              + ": put the model there, or give a model data URL to fetch it from.");
    }
    return dir;
  }

  private String fromArchive(UrlFetcher fetcher, ModelDataUrl url, ArtifactCache cache)
      throws IOException {
    Path download = cache.newDownloadFile();
    try {
      String digest = download(fetcher, url, download);
      if (cache.entry(digest).isPresent()) {
        // The same bytes came from another URL before: nothing to unpack.
        return digest;
      }
      Path tree = cache.newTreeDirectory();
      try {
        SafeUnpacker.Unpacked unpacked = unpacker.unpack(download, tree, url.raw());
        log.info(
            "Unpacked {} entries, {} bytes of model data from {}",
            unpacked.entries(),
            unpacked.bytes(),
            url.display());
        cache.commit(digest, tree);
      } finally {
        ModelTree.deleteQuietly(tree); // gone already when committed; a partial tree otherwise
      }
      return digest;
    } finally {
      Files.deleteIfExists(download);
    }
  }

  /** Streams the archive into {@code file} and returns the SHA-256 of its bytes. */
  private String download(UrlFetcher fetcher, ModelDataUrl url, Path file) throws IOException {
    log.info("Downloading model data from {}", url.display());
    MessageDigest sha = BoundedCopy.sha256();
    InputStream in;
    try {
      in = fetcher.open(url.raw());
    } catch (IOException e) {
      throw ArtifactException.downloadFailed(url.raw(), ArtifactException.describe(e), e);
    }
    try (in;
        OutputStream out = Files.newOutputStream(file)) {
      BoundedCopy.copy(in, out, sha, limits.maxTotalBytes());
    } catch (BoundedCopy.OverBudget e) {
      throw ArtifactException.downloadFailed(
          url.raw(),
          "the archive is larger than the limit of " + limits.describeMaxTotalBytes(),
          e);
    } catch (BoundedCopy.ReadFailed e) {
      throw ArtifactException.downloadFailed(
          url.raw(), ArtifactException.describe(e.getCause()), e.getCause());
    }
    return BoundedCopy.hex(sha.digest());
  }

  private String fromPrefix(UrlFetcher fetcher, ModelDataUrl url, ArtifactCache cache)
      throws IOException {
    log.info("Copying uncompressed model data from {}", url.display());
    Path tree = cache.newTreeDirectory();
    try {
      String digest = prefixCopier.copy(fetcher, url.raw(), tree);
      cache.commit(digest, tree);
      return digest;
    } finally {
      ModelTree.deleteQuietly(tree);
    }
  }

  private UrlFetcher fetcherFor(ModelDataUrl url) {
    if (url.scheme().equals("s3") && s3Settings != null) {
      synchronized (this) {
        if (s3 == null) {
          try {
            s3 = new S3Fetcher(s3Settings);
          } catch (SdkException e) {
            throw ArtifactException.downloadFailed(
                url.raw(), "could not set up the S3 client (" + e.getMessage() + ")", e);
          }
        }
        return s3;
      }
    }
    UrlFetcher fetcher = fetchers.get(url.scheme());
    if (fetcher == null) {
      throw new ArtifactException(
          "Model data URL '"
              + url.display()
              + "' uses "
              + url.scheme()
              + "://, which this runtime"
              + " is not set up to read.");
    }
    return fetcher;
  }
}
