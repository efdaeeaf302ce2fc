package dev.berth.runtime.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads {@code file://} model data: an archive on a local or mounted file system, or, for an
 * uncompressed model, a directory whose regular files are copied.
 */
public final class FileFetcher implements UrlFetcher {

  @Override
  public InputStream open(String url) throws IOException {
    Path file = path(url);
    if (Files.isDirectory(file)) {
      throw ArtifactException.downloadFailed(
          url, file + " is a directory; a directory is read only with CompressionType None", null);
    }
    try {
      return Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw ArtifactException.notFound(url, "no such file " + file, e);
    }
  }

  @Override
  public List<String> list(String prefixUrl) throws IOException {
    Path root = path(prefixUrl);
    if (!Files.isDirectory(root)) {
      throw Files.exists(root)
          ? ArtifactException.downloadFailed(prefixUrl, "no such directory " + root, null)
          : ArtifactException.notFound(prefixUrl, "no such directory " + root, null);
    }
    Path realRoot = root.toRealPath();
    List<String> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        String relative =
            root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
        if (Files.isSymbolicLink(p)) {
          checkLink(prefixUrl, p, relative, realRoot);
          files.add(relative);
        } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          files.add(relative);
        } else if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          throw ArtifactException.downloadFailed(
              prefixUrl, "'" + relative + "' is not a regular file", null);
        }
      }
    }
    files.sort(null);
    return files;
  }

  @Override
  public InputStream openUnder(String prefixUrl, String relativePath) throws IOException {
    return Files.newInputStream(path(prefixUrl).resolve(relativePath));
  }

  /**
   * A link in the source directory is followed only to a file inside it: a link out would copy a
   * file from elsewhere on the machine into the model.
   */
  private static void checkLink(String url, Path link, String relative, Path realRoot)
      throws IOException {
    Path target;
    try {
      target = link.toRealPath();
    } catch (NoSuchFileException e) {
      throw ArtifactException.downloadFailed(
          url, "symbolic link '" + relative + "' points to nothing", e);
    }
    if (!target.startsWith(realRoot)) {
      throw ArtifactException.downloadFailed(
          url, "symbolic link '" + relative + "' points outside the model directory", null);
    }
    if (!Files.isRegularFile(target)) {
      throw ArtifactException.downloadFailed(
          url, "symbolic link '" + relative + "' does not point to a regular file", null);
    }
  }

  static Path path(String url) {
    try {
      return Path.of(URI.create(url));
    } catch (IllegalArgumentException e) {
      throw new ArtifactException(
          "Model data URL '"
              + url
              + "' is not a file URL Berth can read: use file:///absolute/path.",
          e);
    }
  }
}
