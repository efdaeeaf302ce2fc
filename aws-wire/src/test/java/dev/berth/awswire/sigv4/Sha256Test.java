package dev.berth.awswire.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The per-thread buffers and the kept Mac give what the JDK gives from scratch. */
class Sha256Test {
  private static final HexFormat HEX = HexFormat.of();

  private static byte[] jdkDigest(String text) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] jdkHmac(byte[] key, String text) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void textIsHashedAsItsUtf8WhateverItsLengthOrCharacters() throws Exception {
    String[] texts = {
      "",
      "abc",
      "caf\u00e9 \u20ac \ud83d\ude00",
      "x".repeat(1500),
      "y".repeat(20_000),
      "short again"
    };
    for (String text : texts) {
      assertThat(Sha256.digest(text)).as(text).isEqualTo(jdkDigest(text));
      assertThat(Sha256.digest(new StringBuilder(text))).as(text).isEqualTo(jdkDigest(text));
      assertThat(Sha256.hex(text)).isEqualTo(HEX.formatHex(jdkDigest(text)));
    }
  }

  @Test
  void theMacFollowsEveryChangeOfKeyAndKeepsTheSameOne() throws Exception {
    byte[] a = "key-a".getBytes(StandardCharsets.US_ASCII);
    byte[] b = "key-b".getBytes(StandardCharsets.US_ASCII);

    assertThat(Sha256.hmac(a, "one")).isEqualTo(jdkHmac(a, "one"));
    assertThat(Sha256.hmac(a, "two")).isEqualTo(jdkHmac(a, "two"));
    assertThat(Sha256.hmac(b, "two")).isEqualTo(jdkHmac(b, "two"));
    assertThat(Sha256.hmac(a, "caf\u00e9")).isEqualTo(jdkHmac(a, "caf\u00e9"));
    assertThat(Sha256.hmac(a.clone(), "three")).isEqualTo(jdkHmac(a, "three"));
  }

  @Test
  void hexIsComparedExactlyAndInLowerCaseOnly() {
    byte[] bytes = {0x00, 0x7f, (byte) 0x80, (byte) 0xff, 0x1a};
    StringBuilder hex = new StringBuilder();
    Sha256.appendHex(hex, bytes);

    assertThat(hex).hasToString("007f80ff1a");
    assertThat(Sha256.isHexOf(bytes, "007f80ff1a")).isTrue();
    assertThat(Sha256.isHexOf(bytes, "007F80FF1A")).isFalse();
    assertThat(Sha256.isHexOf(bytes, "007f80ff1b")).isFalse();
    assertThat(Sha256.isHexOf(bytes, "007f80ff1")).isFalse();
    assertThat(Sha256.isHexOf(bytes, "007f80ff1a00")).isFalse();
  }
}
