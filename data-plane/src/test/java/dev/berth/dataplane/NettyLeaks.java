package dev.berth.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Netty's leak detection at PARANOID, made to fail tests: every buffer is tracked, and a leak Netty
 * reports is recorded here instead of only logged. Tests call {@link #install} before they touch a
 * buffer and {@link #assertNone} after.
 */
public final class NettyLeaks {
  private static final List<String> LEAKS = Collections.synchronizedList(new ArrayList<>());

  static {
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(
        new ResourceLeakDetectorFactory() {
          @Override
          public <T> ResourceLeakDetector<T> newResourceLeakDetector(
              Class<T> resource, int samplingInterval, long maxActive) {
            return new ResourceLeakDetector<>(resource, samplingInterval) {
              @Override
              protected void reportTracedLeak(String resourceType, String records) {
                LEAKS.add(resourceType + records);
              }

              @Override
              protected void reportUntracedLeak(String resourceType) {
                LEAKS.add(resourceType);
              }
            };
          }
        });
  }

  private NettyLeaks() {}

  /** Turns detection on; must run before the first buffer of the JVM is made. */
  public static void install() {
    // The static initializer does the work.
  }

  /** Fails if any buffer made so far was collected without being released. */
  public static void assertNone() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(20);
      // Leaks are reported when the next buffer is tracked.
      ByteBuf probe = PooledByteBufAllocator.DEFAULT.directBuffer(16);
      probe.release();
      probe = UnpooledByteBufAllocator.DEFAULT.heapBuffer(16);
      probe.release();
    }
    assertThat(LEAKS).as("Netty buffers collected without release").isEmpty();
  }
}
