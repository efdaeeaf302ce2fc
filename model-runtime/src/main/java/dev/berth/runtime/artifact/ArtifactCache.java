package dev.berth.runtime.artifact;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The on-disk cache of unpacked models, shared by every runtime on a machine (and safe to share
 * between processes: it holds no lock, only atomic renames).
 *
 * <pre>
 * &lt;root&gt;/sha256-&lt;hex&gt;/        one unpacked model, named for the SHA-256 of what was
 *                             downloaded (the archive's bytes, or a prefix's manifest)
 * &lt;root&gt;/by-url/&lt;sha256(key)&gt;  a one-line file naming the entry a model data URL gave
 * &lt;root&gt;/tmp/                 downloads and unpacks in progress
 * </pre>
 *
 * <p>An entry appears only by renaming a complete tree from {@code tmp/}, so a reader never sees a
 * half-written model, and a process killed mid-download leaves only litter in {@code tmp/}. Two
 * processes racing for the same entry both finish their own tree; the loser's rename fails and it
 * uses the winner's. Entries are never changed once made.
 */
public final class ArtifactCache {

  private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");
  private static final String ENTRY_PREFIX = "sha256-";

  private final Path root;

  /** The cache in {@code root}, created on first write. */
  public ArtifactCache(Path root) {
    this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
  }

  /** The cache's directory. */
  public Path root() {
    return root;
  }

  /** The entry for the SHA-256 {@code digestHex}, whether or not it exists. */
  public Path entryPath(String digestHex) {
    if (!DIGEST.matcher(digestHex).matches()) {
      throw new IllegalArgumentException("not a SHA-256 hex digest: " + digestHex);
    }
    return root.resolve(ENTRY_PREFIX + digestHex);
  }

  /** The entry for {@code digestHex}, if one is complete. */
  public Optional<Path> entry(String digestHex) {
    Path entry = entryPath(digestHex);
    return Files.isDirectory(entry) ? Optional.of(entry) : Optional.empty();
  }

  /**
   * The entry last recorded for {@code key} (a model data URL) by {@link #remember}, if it is still
   * there; a missing or garbled index file is a miss, never an error.
   */
  public Optional<Path> find(String key) {
    Path index = indexPath(key);
    String text;
    try {
      text = Files.readString(index, StandardCharsets.UTF_8).trim();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
    if (!text.startsWith(ENTRY_PREFIX)) {
      return Optional.empty();
    }
    String digest = text.substring(ENTRY_PREFIX.length());
    return DIGEST.matcher(digest).matches() ? entry(digest) : Optional.empty();
  }

  /**
   * Records that {@code key} gave the entry {@code digestHex}. Written to a temporary file and
   * renamed, so a concurrent {@link #find} reads the old line or the new one, never half of one.
   */
  public void remember(String key, String digestHex) throws IOException {
    Path index = indexPath(key);
    Files.createDirectories(index.getParent());
    Path temp = Files.createTempFile(tmp(), "index-", ".part");
    try {
      Files.writeString(temp, entryPath(digestHex).getFileName() + "\n", StandardCharsets.UTF_8);
      move(temp, index, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** A new empty file in {@code tmp/} for a download; same file system as the entries. */
  public Path newDownloadFile() throws IOException {
    return Files.createTempFile(tmp(), "download-", ".part");
  }

  /** A new empty directory in {@code tmp/} to unpack or copy a model into. */
  public Path newTreeDirectory() throws IOException {
    return Files.createTempDirectory(tmp(), "tree-");
  }

  /**
   * Makes the complete tree {@code tree} (made by {@link #newTreeDirectory}) the entry for {@code
   * digestHex}, and returns the entry. If the entry already exists (another process or thread got
   * there first) {@code tree} is deleted and the existing entry returned: entries with one digest
   * hold the same model.
   */
  public Path commit(String digestHex, Path tree) throws IOException {
    Path entry = entryPath(digestHex);
    if (Files.isDirectory(entry)) {
      ModelTree.deleteQuietly(tree);
      return entry;
    }
    try {
      // A temporary directory is private (rwx------); an entry is read by every runtime.
      Files.setPosixFilePermissions(tree, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: nothing to open up.
    }
    try {
      move(tree, entry);
      return entry;
    } catch (IOException e) {
      // rename(2) onto an existing non-empty directory fails: we lost the race.
      if (Files.isDirectory(entry)) {
        ModelTree.deleteQuietly(tree);
        return entry;
      }
      throw e;
    }
  }

  /**
   * Deletes what a crashed process left in {@code tmp/}: anything not modified for {@code age}, a
   * span well beyond any live download, so a concurrent process's work is left alone.
   */
  public void sweepStale(Duration age) {
    Path tmp = root.resolve("tmp");
    if (!Files.isDirectory(tmp)) {
      return;
    }
    FileTime cutoff = FileTime.from(Instant.now().minus(age));
    try (DirectoryStream<Path> children = Files.newDirectoryStream(tmp)) {
      for (Path child : children) {
        try {
          if (Files.getLastModifiedTime(child).compareTo(cutoff) < 0) {
            ModelTree.deleteQuietly(child);
          }
        } catch (IOException e) {
          // Gone already, or not ours to judge: leave it.
        }
      }
    } catch (IOException e) {
      // Sweeping is housekeeping; a failure here must not fail the model.
    }
  }

  private Path indexPath(String key) {
    byte[] hash = BoundedCopy.sha256().digest(key.getBytes(StandardCharsets.UTF_8));
    return root.resolve("by-url").resolve(BoundedCopy.hex(hash));
  }

  private Path tmp() throws IOException {
    return Files.createDirectories(root.resolve("tmp"));
  }

  private static void move(Path from, Path to, StandardCopyOption... extra) throws IOException {
    StandardCopyOption[] options = new StandardCopyOption[extra.length + 1];
    options[0] = StandardCopyOption.ATOMIC_MOVE;
    System.arraycopy(extra, 0, options, 1, extra.length);
    try {
      Files.move(from, to, options);
    } catch (AtomicMoveNotSupportedException e) {
      // Cannot happen within one directory tree on one file system; say so plainly if it does.
      throw new IOException("the cache " + from.getParent() + " spans file systems", e);
    }
  }
}
