package dev.berth.runtime.artifact;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The rules for placing untrusted names (archive entries, S3 keys) in a model directory, shared by
 * {@link SafeUnpacker} and the prefix copy so both refuse the same things with the same words.
 */
final class ModelTree {
  private ModelTree() {}

  /** An untrusted name that may not be placed; the reason completes a FailureReason. */
  static final class Rejected extends Exception {
    Rejected(String reason) {
      super(reason, null, false, false);
    }
  }

  /**
   * Where {@code name} lands under {@code root} (absolute and normalized), refusing absolute names
   * and names that lead out, lexically. What is on disk is checked by {@link #rejectLinkedParents}.
   */
  static Path resolve(Path root, String name, String what) throws Rejected {
    Path relative;
    try {
      relative = Path.of(name);
    } catch (InvalidPathException e) {
      throw new Rejected(what + " '" + printable(name) + "' is not a valid file name.");
    }
    if (relative.isAbsolute() || name.startsWith("/")) {
      throw new Rejected(
          what
              + " '"
              + printable(name)
              + "' is an absolute path; entries must be relative to the model directory.");
    }
    Path target = root.resolve(relative).normalize();
    if (!target.startsWith(root)) {
      throw new Rejected(what + " '" + printable(name) + "' escapes the model directory.");
    }
    return target;
  }

  /**
   * Refuses to write {@code target} if a directory on its way is a symbolic link: a link made by an
   * earlier entry, even one pointing inside, lets a path that looks contained resolve elsewhere.
   */
  static void rejectLinkedParents(Path root, Path target, String name) throws Rejected {
    for (Path p = target.getParent(); p != null && !p.equals(root); p = p.getParent()) {
      if (Files.isSymbolicLink(p)) {
        throw new Rejected(
            "entry '"
                + printable(name)
                + "' lies under the symbolic link '"
                + root.relativize(p)
                + "'; entries may not be written through links.");
      }
    }
  }

  /** Deletes {@code tree} and all under it without following links; failures are ignored. */
  static void deleteQuietly(Path tree) {
    if (tree == null) {
      return;
    }
    try {
      Files.walkFileTree(
          tree,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
              Files.deleteIfExists(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (NoSuchFileException e) {
      // Already gone: what we wanted.
    } catch (IOException e) {
      // Best effort: a leftover temp tree is swept later by ArtifactCache.sweepStale.
    }
  }

  /** {@code name} with control characters replaced, since it goes into a one-line reason. */
  static String printable(String name) {
    StringBuilder out = new StringBuilder(name.length());
    for (int i = 0; i < name.length() && out.length() < 200; i++) {
      char c = name.charAt(i);
      out.append(Character.isISOControl(c) ? '?' : c);
    }
    return out.toString();
  }
}
