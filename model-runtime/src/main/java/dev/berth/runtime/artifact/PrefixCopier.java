package dev.berth.runtime.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.List;

/**
 * Copies an uncompressed model ({@code CompressionType: None}) object by object into a directory,
 * with the same refusals and limits as {@link SafeUnpacker}: a key such as {@code ../x} is as
 * hostile as an archive entry.
 *
 * <p>There is no archive to hash, so the cache entry is named for a manifest instead: the SHA-256
 * of each file's relative path, size and SHA-256, in sorted order. Equal trees get equal names.
 */
final class PrefixCopier {

  private final ArtifactLimits limits;

  PrefixCopier(ArtifactLimits limits) {
    this.limits = limits;
  }

  /** Copies the prefix {@code url} into the empty directory {@code tree}; returns the digest. */
  String copy(UrlFetcher fetcher, String url, Path tree) throws IOException {
    List<String> files = fetcher.list(url);
    if (files.isEmpty()) {
      throw ArtifactException.notFound(url, "the prefix holds no objects", null);
    }
    if (files.size() > limits.maxEntries()) {
      throw ArtifactException.downloadFailed(
          url,
          "the prefix holds " + files.size() + " objects, over the limit of " + limits.maxEntries(),
          null);
    }
    Path root = tree.toAbsolutePath().normalize();
    MessageDigest manifest = BoundedCopy.sha256();
    long total = 0;
    for (String relative : files) {
      Path target = place(root, relative, url);
      MessageDigest fileDigest = BoundedCopy.sha256();
      long size;
      InputStream in;
      try {
        in = fetcher.openUnder(url, relative);
      } catch (IOException e) {
        throw ArtifactException.downloadFailed(
            url, "'" + relative + "': " + ArtifactException.describe(e), e);
      }
      try (in;
          OutputStream out =
              Files.newOutputStream(
                  target, StandardOpenOption.CREATE_NEW, LinkOption.NOFOLLOW_LINKS)) {
        size = BoundedCopy.copy(in, out, fileDigest, limits.maxTotalBytes() - total);
      } catch (BoundedCopy.OverBudget e) {
        throw ArtifactException.downloadFailed(
            url, "the model is larger than the limit of " + limits.describeMaxTotalBytes(), e);
      } catch (BoundedCopy.ReadFailed e) {
        throw ArtifactException.downloadFailed(
            url, "'" + relative + "': " + ArtifactException.describe(e.getCause()), e);
      }
      total += size;
      String line = relative + '\0' + size + '\0' + BoundedCopy.hex(fileDigest.digest()) + '\n';
      manifest.update(line.getBytes(StandardCharsets.UTF_8));
    }
    return BoundedCopy.hex(manifest.digest());
  }

  private static Path place(Path root, String relative, String url) throws IOException {
    Path target;
    try {
      target = ModelTree.resolve(root, relative, "object");
      if (target.equals(root)) {
        throw new ModelTree.Rejected("object '" + relative + "' has an empty name.");
      }
      ModelTree.rejectLinkedParents(root, target, relative);
    } catch (ModelTree.Rejected e) {
      throw ArtifactException.downloadFailed(url, e.getMessage(), null);
    }
    Files.createDirectories(target.getParent());
    return target;
  }
}
