package dev.berth.runtime.artifact;

/**
 * How much a model may put on disk, so that a hostile or mistaken archive cannot fill it.
 *
 * @param maxTotalBytes the most bytes a model may hold: unpacked file contents, and also the size
 *     of a downloaded archive
 * @param maxEntries the most entries (files, directories, links) an archive or prefix may hold
 */
public record ArtifactLimits(long maxTotalBytes, int maxEntries) {

  /** 20 GiB: larger than any model a single instance serves in practice. */
  public static final long DEFAULT_MAX_TOTAL_BYTES = 20L * 1024 * 1024 * 1024;

  /** Generous for checkpoints split into shards, small enough to stop an inode bomb. */
  public static final int DEFAULT_MAX_ENTRIES = 100_000;

  public ArtifactLimits {
    if (maxTotalBytes <= 0) {
      throw new IllegalArgumentException("maxTotalBytes must be positive, got " + maxTotalBytes);
    }
    if (maxEntries <= 0) {
      throw new IllegalArgumentException("maxEntries must be positive, got " + maxEntries);
    }
  }

  /**
   * The defaults: {@value #DEFAULT_MAX_TOTAL_BYTES} bytes, {@value #DEFAULT_MAX_ENTRIES} entries.
   */
  public static ArtifactLimits defaults() {
    return new ArtifactLimits(DEFAULT_MAX_TOTAL_BYTES, DEFAULT_MAX_ENTRIES);
  }

  /** The byte limit the way a person reads it, e.g. {@code 20 GiB}. */
  String describeMaxTotalBytes() {
    return bytes(maxTotalBytes);
  }

  static String bytes(long n) {
    String[] units = {"GiB", "MiB", "KiB"};
    long[] sizes = {1L << 30, 1L << 20, 1L << 10};
    for (int i = 0; i < units.length; i++) {
      if (n >= sizes[i] && n % sizes[i] == 0) {
        return n / sizes[i] + " " + units[i];
      }
    }
    return n + " bytes";
  }
}
