package dev.berth.awswire.sigv4;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Derived SigV4 signing keys, kept so that a request costs one HMAC instead of five.
 *
 * <p>A signing key depends only on the secret, the scope's date, region and service, so the working
 * set is one entry per active access key and region, changing once a day. The map is bounded: when
 * it is full it is emptied and refilled on demand, which is cheap (four HMACs per entry) and needs
 * no lock on the read path, unlike an LRU. The secret is part of the key so that a rotated secret
 * for the same access key id never meets a stale signing key.
 */
final class SigningKeyCache {
  private final int capacity;
  private final Map<Scope, byte[]> keys = new ConcurrentHashMap<>();

  /** A cache holding at most {@code capacity} signing keys. */
  SigningKeyCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.capacity = capacity;
  }

  /** The signing key of {@code secret} for {@code date/region/service/aws4_request}. */
  byte[] key(String secret, String date, String region, String service) {
    Scope scope = new Scope(secret, date, region, service);
    byte[] key = keys.get(scope);
    if (key == null) {
      key = derive(secret, date, region, service);
      if (keys.size() >= capacity) {
        keys.clear();
      }
      keys.put(scope, key);
    }
    return key;
  }

  /** How many keys are held now; for tests of the bound. */
  int size() {
    return keys.size();
  }

  /** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"). */
  static byte[] derive(String secret, String date, String region, String service) {
    byte[] key = Sha256.hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
    key = Sha256.hmac(key, region);
    key = Sha256.hmac(key, service);
    return Sha256.hmac(key, CanonicalRequest.TERMINATOR);
  }

  private record Scope(String secret, String date, String region, String service) {
    @Override
    public String toString() {
      // Never print the secret, should a scope ever reach a log line.
      return date + "/" + region + "/" + service;
    }
  }
}
