package dev.berth.runtime.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Copies a stream while counting (against a byte budget) and hashing, and tells a failure to read
 * the source apart from a failure to write the disk, since the two need different FailureReasons.
 */
final class BoundedCopy {
  private BoundedCopy() {}

  /** The source had more bytes than the budget allowed. */
  static final class OverBudget extends IOException {
    OverBudget() {
      super("over budget", null);
    }
  }

  /** Reading the source failed; {@link #getCause()} says how. */
  static final class ReadFailed extends IOException {
    ReadFailed(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }

  /**
   * Copies {@code in} to {@code out}, updating {@code digest} (may be null), and returns the bytes
   * copied. Stops with {@link OverBudget} once more than {@code budget} bytes arrive, so a lying
   * size header or an endless stream cannot fill the disk.
   */
  static long copy(InputStream in, OutputStream out, MessageDigest digest, long budget)
      throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    while (true) {
      int n;
      try {
        n = in.read(buffer);
      } catch (IOException e) {
        throw new ReadFailed(e);
      }
      if (n < 0) {
        return total;
      }
      total += n;
      if (total > budget) {
        throw new OverBudget();
      }
      if (digest != null) {
        digest.update(buffer, 0, n);
      }
      out.write(buffer, 0, n);
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
