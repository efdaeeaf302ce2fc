package dev.berth.dataplane.http;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids ({@code x-amzn-RequestId}) in the UUID form SageMaker uses. Random version-4 UUIDs
 * from {@link ThreadLocalRandom}: unique enough to find a request in the logs, without the shared
 * {@code SecureRandom} that {@link UUID#randomUUID} locks on every call.
 */
final class RequestIds {
  private RequestIds() {}

  static String next() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }
}
