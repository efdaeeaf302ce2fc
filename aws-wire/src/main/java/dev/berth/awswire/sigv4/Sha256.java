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
 * thousands of requests per second. For the same reason the text forms encode into a per-thread
 * buffer, and the {@code Mac} stays initialized with the last key it was given: a verifier's thread
 * meets the same few signing keys request after request. Key arrays must therefore never be
 * modified once used.
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

  private static final ThreadLocal<KeyedMac> MAC = ThreadLocal.withInitial(KeyedMac::new);
  private static final ThreadLocal<TextBytes> TEXT = ThreadLocal.withInitial(TextBytes::new);

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
    return toHex(digest(text));
  }

  /** The SHA-256 of the UTF-8 bytes of {@code text}. */
  static byte[] digest(CharSequence text) {
    TextBytes bytes = TEXT.get();
    bytes.encode(text);
    MessageDigest digest = DIGEST.get();
    digest.reset();
    digest.update(bytes.buffer, 0, bytes.length);
    return digest.digest();
  }

  /** HMAC-SHA256 of the UTF-8 bytes of {@code data} under {@code key}. */
  static byte[] hmac(byte[] key, CharSequence data) {
    TextBytes bytes = TEXT.get();
    bytes.encode(data);
    Mac mac = MAC.get().keyedWith(key);
    mac.update(bytes.buffer, 0, bytes.length);
    return mac.doFinal();
  }

  /** Appends {@code bytes} to {@code out} as lower-case hex. */
  static void appendHex(StringBuilder out, byte[] bytes) {
    for (byte b : bytes) {
      out.append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
    }
  }

  /**
   * Whether {@code hex} is {@code bytes} in lower-case hex, in time that depends on the length
   * only, as {@link MessageDigest#isEqual} compares.
   */
  static boolean isHexOf(byte[] bytes, String hex) {
    if (hex.length() != 2 * bytes.length) {
      return false;
    }
    int difference = 0;
    for (int i = 0; i < bytes.length; i++) {
      difference |= hex.charAt(2 * i) ^ HEX[(bytes[i] >> 4) & 0xF];
      difference |= hex.charAt(2 * i + 1) ^ HEX[bytes[i] & 0xF];
    }
    return difference == 0;
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

  /** A thread's {@link Mac}, initialized again only when the key changes. */
  private static final class KeyedMac {
    private final Mac mac;
    private byte[] key;

    KeyedMac() {
      try {
        mac = Mac.getInstance(HMAC);
      } catch (NoSuchAlgorithmException e) {
        // Every Java platform must provide HmacSHA256.
        throw new IllegalStateException(e);
      }
    }

    Mac keyedWith(byte[] newKey) {
      // doFinal leaves the Mac ready for the same key again: only a new array needs init.
      if (newKey != key) {
        try {
          mac.init(new SecretKeySpec(newKey, HMAC));
        } catch (GeneralSecurityException e) {
          // HmacSHA256 takes keys of any length; this cannot happen.
          throw new IllegalStateException(e);
        }
        key = newKey;
      }
      return mac;
    }
  }

  /** A thread's buffer for the UTF-8 bytes of a text about to be hashed. */
  private static final class TextBytes {
    // A buffer grown past this by an outsized request is not kept for the next one.
    private static final int KEPT = 16 * 1024;

    private byte[] buffer = new byte[1024];
    private int length;

    void encode(CharSequence text) {
      int n = text.length();
      if (buffer.length < n || buffer.length > KEPT) {
        buffer = new byte[Math.max(1024, n)];
      }
      for (int i = 0; i < n; i++) {
        char c = text.charAt(i);
        if (c >= 0x80) {
          // Rare (header values are mostly ASCII): let the JDK encode the whole text.
          byte[] utf8 = text.toString().getBytes(StandardCharsets.UTF_8);
          if (utf8.length > buffer.length) {
            buffer = utf8;
          } else {
            System.arraycopy(utf8, 0, buffer, 0, utf8.length);
          }
          length = utf8.length;
          return;
        }
        buffer[i] = (byte) c;
      }
      length = n;
    }
  }
}
