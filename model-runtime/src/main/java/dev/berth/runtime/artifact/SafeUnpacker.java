package dev.berth.runtime.artifact;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Unpacks a model archive ({@code tar.gz} or plain {@code tar}, told apart by the gzip magic bytes)
 * into a directory, refusing anything that could touch the machine outside it: entries that are
 * absolute or climb out with {@code ../}, symbolic and hard links that lead out, entries written
 * through a link, device files and pipes, and archives over the {@link ArtifactLimits}. Executable
 * bits are kept so scripts in a model's {@code code/} stay runnable.
 *
 * <pre>{@code
 * new SafeUnpacker(ArtifactLimits.defaults()).unpack(archive, emptyDir, "s3://b/model.tar.gz");
 * }</pre>
 *
 * <p>A refusal leaves a partial tree in the target, which the caller deletes; that is why the
 * target is always a fresh temporary directory, never the final model directory.
 */
public final class SafeUnpacker {

  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-r--r--");
  private static final Set<PosixFilePermission> EXECUTABLE =
      PosixFilePermissions.fromString("rwxr-xr-x");

  private final ArtifactLimits limits;

  /** An unpacker that enforces {@code limits}. */
  public SafeUnpacker(ArtifactLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * What was unpacked.
   *
   * @param entries the archive's entries, directories and links included
   * @param bytes the bytes of file content written
   */
  public record Unpacked(int entries, long bytes) {}

  /**
   * Unpacks {@code archive} into {@code target}, an existing empty directory.
   *
   * @param source the URL the archive came from, named in every failure message
   * @throws ArtifactException naming the first entry refused, or why the archive is unreadable
   */
  public Unpacked unpack(Path archive, Path target, String source) {
    Path root = target.toAbsolutePath().normalize();
    List<Path> links = new ArrayList<>();
    int entries = 0;
    long bytes = 0;
    try (BufferedInputStream raw =
            new BufferedInputStream(Files.newInputStream(archive), 64 * 1024);
        TarArchiveInputStream tar = new TarArchiveInputStream(decompressed(raw))) {
      TarArchiveEntry entry;
      while ((entry = next(tar, source)) != null) {
        entries++;
        if (entries > limits.maxEntries()) {
          throw ArtifactException.extractFailed(
              source,
              "the archive holds more than " + limits.maxEntries() + " entries, the limit.",
              null);
        }
        bytes += place(tar, entry, root, limits.maxTotalBytes() - bytes, links, source);
      }
    } catch (BoundedCopy.OverBudget e) {
      throw oversize(source, e);
    } catch (BoundedCopy.ReadFailed e) {
      throw unreadable(source, e.getCause());
    } catch (ModelTree.Rejected e) {
      throw ArtifactException.extractFailed(source, e.getMessage(), null);
    } catch (IOException e) {
      throw ArtifactException.extractFailed(
          source, "could not write the model directory " + root + " (" + describe(e) + ").", e);
    }
    if (entries == 0) {
      throw ArtifactException.extractFailed(
          source, "the archive is empty, or not a tar or tar.gz archive.", null);
    }
    try {
      checkLinksStayInside(root, links);
    } catch (ModelTree.Rejected e) {
      throw ArtifactException.extractFailed(source, e.getMessage(), null);
    } catch (IOException e) {
      throw ArtifactException.extractFailed(source, describe(e), e);
    }
    return new Unpacked(entries, bytes);
  }

  private static InputStream decompressed(BufferedInputStream raw) throws IOException {
    raw.mark(2);
    int b0;
    int b1;
    try {
      b0 = raw.read();
      b1 = raw.read();
      raw.reset();
    } catch (IOException e) {
      throw new BoundedCopy.ReadFailed(e);
    }
    if (b0 == 0x1f && b1 == 0x8b) {
      try {
        // Concatenated members: `cat a.tar.gz b.tar.gz` and pigz output are valid gzip streams.
        return GzipCompressorInputStream.builder()
            .setInputStream(raw)
            .setDecompressConcatenated(true)
            .get();
      } catch (IOException e) {
        throw new BoundedCopy.ReadFailed(e);
      }
    }
    return raw;
  }

  private static TarArchiveEntry next(TarArchiveInputStream tar, String source) {
    try {
      return tar.getNextEntry();
    } catch (IOException | RuntimeException e) {
      // Commons Compress reports some malformed headers as IllegalArgumentException.
      throw unreadable(source, e);
    }
  }

  /** Puts one entry in place and returns the bytes of content it wrote. */
  private static long place(
      TarArchiveInputStream tar,
      TarArchiveEntry entry,
      Path root,
      long budget,
      List<Path> links,
      String source)
      throws IOException, ModelTree.Rejected {
    String name = entry.getName();
    Path target = ModelTree.resolve(root, name, "entry");
    if (target.equals(root)) {
      if (entry.isDirectory()) {
        return 0; // "./", the archive's own top directory
      }
      throw new ModelTree.Rejected(
          "entry '" + ModelTree.printable(name) + "' would replace the model directory itself.");
    }
    ModelTree.rejectLinkedParents(root, target, name);
    if (entry.isSymbolicLink()) {
      symbolicLink(entry, root, target);
      links.add(target);
      return 0;
    }
    if (entry.isLink()) {
      hardLink(entry, root, target);
      return 0;
    }
    if (entry.isCharacterDevice() || entry.isBlockDevice()) {
      throw new ModelTree.Rejected(
          "entry '"
              + ModelTree.printable(name)
              + "' is a device file, which a model may not hold.");
    }
    if (entry.isFIFO()) {
      throw new ModelTree.Rejected(
          "entry '" + ModelTree.printable(name) + "' is a named pipe, which a model may not hold.");
    }
    if (entry.isDirectory()) {
      Files.createDirectories(target);
      return 0;
    }
    if (!entry.isFile()) {
      throw new ModelTree.Rejected(
          "entry '" + ModelTree.printable(name) + "' has a type a model may not hold.");
    }
    if (entry.getSize() > budget) {
      // Fail before writing a byte when the header already says it will not fit.
      throw new BoundedCopy.OverBudget();
    }
    return file(tar, entry, target, budget);
  }

  private static long file(
      TarArchiveInputStream tar, TarArchiveEntry entry, Path target, long budget)
      throws IOException {
    Files.createDirectories(target.getParent());
    replaceable(target);
    long written;
    try (OutputStream out =
        Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, LinkOption.NOFOLLOW_LINKS)) {
      written = BoundedCopy.copy(tar, out, null, budget);
    }
    boolean executable = (entry.getMode() & 0111) != 0;
    try {
      // Fixed modes rather than the archive's: no setuid, and no file the runtime cannot read.
      Files.setPosixFilePermissions(target, executable ? EXECUTABLE : FILE);
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: there are no bits to keep.
    }
    return written;
  }

  private static void symbolicLink(TarArchiveEntry entry, Path root, Path target)
      throws IOException, ModelTree.Rejected {
    String name = ModelTree.printable(entry.getName());
    String linkName = entry.getLinkName();
    if (linkName == null || linkName.isEmpty()) {
      throw new ModelTree.Rejected("symbolic link '" + name + "' has no target.");
    }
    Path link;
    try {
      link = Path.of(linkName);
    } catch (InvalidPathException e) {
      throw new ModelTree.Rejected(
          "symbolic link '" + name + "' has a target that is not a valid path.");
    }
    Path resolved = target.getParent().resolve(link).normalize();
    if (link.isAbsolute() || !resolved.startsWith(root)) {
      throw new ModelTree.Rejected(
          "symbolic link '"
              + name
              + "' points to '"
              + ModelTree.printable(linkName)
              + "', outside the model directory.");
    }
    Files.createDirectories(target.getParent());
    replaceable(target);
    Files.createSymbolicLink(target, link);
  }

  private static void hardLink(TarArchiveEntry entry, Path root, Path target)
      throws IOException, ModelTree.Rejected {
    String name = ModelTree.printable(entry.getName());
    String linkName = entry.getLinkName() == null ? "" : entry.getLinkName();
    Path existing;
    try {
      // A hard link's name is relative to the archive's root, not to the link's directory.
      existing = ModelTree.resolve(root, linkName, "hard link target");
    } catch (ModelTree.Rejected e) {
      throw new ModelTree.Rejected(
          "hard link '"
              + name
              + "' points to '"
              + ModelTree.printable(linkName)
              + "', outside the model directory.");
    }
    ModelTree.rejectLinkedParents(root, existing, linkName);
    if (!Files.isRegularFile(existing, LinkOption.NOFOLLOW_LINKS)) {
      throw new ModelTree.Rejected(
          "hard link '"
              + name
              + "' points to '"
              + ModelTree.printable(linkName)
              + "', which is not a file earlier in the archive.");
    }
    Files.createDirectories(target.getParent());
    replaceable(target);
    try {
      Files.createLink(target, existing);
    } catch (FileAlreadyExistsException e) {
      throw e;
    } catch (UnsupportedOperationException | IOException e) {
      // Some file systems (and some mounts) cannot link; a copy holds the same bytes.
      Files.copy(existing, target, LinkOption.NOFOLLOW_LINKS);
    }
  }

  /**
   * Clears the way for an entry whose name an earlier entry already took (tar appends updates),
   * deleting a link or file rather than writing through it; a directory stays and fails the write.
   */
  private static void replaceable(Path target) throws IOException {
    if (Files.isSymbolicLink(target) || Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
      Files.delete(target);
    }
  }

  /**
   * The lexical check at creation cannot see a link that goes through another link ({@code a -> .},
   * then {@code b -> a/..}); with the whole tree on disk, each link is resolved for real.
   */
  private static void checkLinksStayInside(Path root, List<Path> links)
      throws IOException, ModelTree.Rejected {
    if (links.isEmpty()) {
      return;
    }
    Path realRoot = root.toRealPath();
    for (Path link : links) {
      if (!Files.isSymbolicLink(link)) {
        continue; // replaced by a later entry
      }
      String name = root.relativize(link).toString();
      Path real;
      try {
        real = link.toRealPath();
      } catch (NoSuchFileException e) {
        throw new ModelTree.Rejected(
            "symbolic link '"
                + ModelTree.printable(name)
                + "' points to '"
                + Files.readSymbolicLink(link)
                + "', which the archive does not hold.");
      } catch (FileSystemException e) {
        // A loop of links (ELOOP) also lands here.
        throw new ModelTree.Rejected(
            "symbolic link '"
                + ModelTree.printable(name)
                + "' cannot be resolved ("
                + e.getReason()
                + ").");
      }
      if (!real.startsWith(realRoot)) {
        throw new ModelTree.Rejected(
            "symbolic link '"
                + ModelTree.printable(name)
                + "' leads outside the model directory through other links.");
      }
    }
  }

  private ArtifactException oversize(String source, Throwable cause) {
    return ArtifactException.extractFailed(
        source,
        "the unpacked model is larger than the limit of " + limits.describeMaxTotalBytes() + ".",
        cause);
  }

  private static ArtifactException unreadable(String source, Throwable cause) {
    return ArtifactException.extractFailed(
        source, "the archive is not a readable tar or tar.gz (" + describe(cause) + ").", cause);
  }

  private static String describe(Throwable e) {
    return ArtifactException.describe(e);
  }
}
