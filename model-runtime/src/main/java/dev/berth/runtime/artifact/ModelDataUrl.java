package dev.berth.runtime.artifact;

import java.util.Locale;
import java.util.Set;

/**
 * A model data URL as given, with its scheme. Parsed by hand rather than with {@link java.net.URI}
 * because S3 keys may hold characters a URI forbids (spaces, for one).
 */
record ModelDataUrl(String raw, String scheme) {

  static final Set<String> SCHEMES = Set.of("file", "http", "https", "s3");

  /** The URL {@code raw}, or an {@link ArtifactException} naming the schemes Berth reads. */
  static ModelDataUrl parse(String raw) {
    int colon = raw.indexOf("://");
    String scheme = colon > 0 ? raw.substring(0, colon).toLowerCase(Locale.ROOT) : "";
    if (!SCHEMES.contains(scheme)) {
      throw new ArtifactException(
          "Model data URL '"
              + display(raw)
              + "' is not supported: use file://, http://, https:// or s3://bucket/key.");
    }
    return new ModelDataUrl(raw, scheme);
  }

  String display() {
    return display(raw);
  }

  /**
   * {@code url} fit for logs and FailureReasons: user info and query string are dropped, since a
   * presigned or basic-auth URL carries its credentials there.
   */
  static String display(String url) {
    String shown = url;
    int schemeEnd = shown.indexOf("://");
    if (schemeEnd > 0 && shown.regionMatches(true, 0, "http", 0, 4)) {
      int hostStart = schemeEnd + 3;
      int pathStart = shown.indexOf('/', hostStart);
      String authority =
          pathStart < 0 ? shown.substring(hostStart) : shown.substring(hostStart, pathStart);
      int at = authority.lastIndexOf('@');
      if (at >= 0) {
        shown =
            shown.substring(0, hostStart)
                + authority.substring(at + 1)
                + (pathStart < 0 ? "" : shown.substring(pathStart));
      }
      int query = shown.indexOf('?');
      if (query >= 0) {
        shown = shown.substring(0, query) + "?…";
      }
    }
    return shown;
  }
}
