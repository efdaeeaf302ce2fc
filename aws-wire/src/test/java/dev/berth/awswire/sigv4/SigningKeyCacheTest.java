package dev.berth.awswire.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The signing-key cache stays bounded and never confuses two secrets. */
class SigningKeyCacheTest {

  @Test
  void the_cache_never_holds_more_than_its_capacity() {
    SigningKeyCache cache = new SigningKeyCache(8);

    for (int i = 0; i < 100; i++) {
      cache.key("secret", "20250101", "region-" + i, "sagemaker");
      assertThat(cache.size()).isLessThanOrEqualTo(8);
    }
  }

  @Test
  void a_cached_key_is_the_derived_key() {
    SigningKeyCache cache = new SigningKeyCache(8);

    byte[] first = cache.key("secret", "20250101", "us-east-1", "sagemaker");
    byte[] again = cache.key("secret", "20250101", "us-east-1", "sagemaker");

    assertThat(again)
        .isSameAs(first)
        .isEqualTo(SigningKeyCache.derive("secret", "20250101", "us-east-1", "sagemaker"));
  }

  @Test
  void a_rotated_secret_gets_its_own_key() {
    SigningKeyCache cache = new SigningKeyCache(8);

    byte[] old = cache.key("old", "20250101", "us-east-1", "sagemaker");
    byte[] rotated = cache.key("new", "20250101", "us-east-1", "sagemaker");

    assertThat(rotated).isNotEqualTo(old);
  }

  @Test
  void the_derived_key_is_the_one_aws_documents() {
    // AWS's documented example: secret wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, 20150830,
    // us-east-1, iam.
    byte[] key =
        SigningKeyCache.derive(
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20150830", "us-east-1", "iam");

    assertThat(Sha256.toHex(key))
        .isEqualTo("c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
  }
}
