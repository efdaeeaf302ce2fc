package dev.berth.awswire.sigv4;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * SHA-256 and HMAC-SHA256, the two primitives SigV4 is made of.
 *
 * <p>One {@link MessageDigest} and one {@link Mac} per thread: {@code getInstance} walks the
 * security providers on every call, and verification runs on a few long-lived event-loop threads at
 * thousands of requests per second.
 */
final class Sha256 {
  private static final String HMAC = "HmacSHA256";
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private static final ThreadLocal<MessageDigest> DIGEST =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              // Every Java platform must provide SHA-256.
              throw new IllegalStateException(e);
            }
          });

  private static final ThreadLocal<Mac> MAC =
      ThreadLocal.withInitial(
          () -> {
            try {
              return Mac.getInstance(HMAC);
            } catch (NoSuchAlgorithmException e) {
              // Every Java platform must provide HmacSHA256.
              throw new IllegalStateException(e);
            }
          });

  private Sha256() {}

  /** The SHA-256 of {@code bytes}. */
  static byte[] digest(byte[] bytes) {
    MessageDigest digest = DIGEST.get();
    digest.reset();
    return digest.digest(bytes);
  }

  /** The SHA-256 of {@code bytes}, as lower-case hex. */
  static String hex(byte[] bytes) {
    return toHex(digest(bytes));
  }

  /** The SHA-256 of the UTF-8 bytes of {@code text}, as lower-case hex. */
  static String hex(String text) {
    return hex(text.getBytes(StandardCharsets.UTF_8));
  }

  /** HMAC-SHA256 of the UTF-8 bytes of {@code data} under {@code key}. */
  static byte[] hmac(byte[] key, String data) {
    Mac mac = MAC.get();
    try {
      mac.init(new SecretKeySpec(key, HMAC));
    } catch (GeneralSecurityException e) {
      // HmacSHA256 takes keys of any length; this cannot happen.
      throw new IllegalStateException(e);
    }
    return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code bytes} as lower-case hex, the form signatures and payload hashes travel in. */
  static String toHex(byte[] bytes) {
    char[] out = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = HEX[(bytes[i] >> 4) & 0xF];
      out[2 * i + 1] = HEX[bytes[i] & 0xF];
    }
    return new String(out);
  }
}
