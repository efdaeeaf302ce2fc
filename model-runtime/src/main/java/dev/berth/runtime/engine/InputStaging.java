package dev.berth.runtime.engine;

import dev.berth.runtime.codec.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Native memory that a forward pass's inputs are copied into, kept from one pass to the next.
 *
 * <p>Why kept: ONNX Runtime reads a direct buffer in place, and copies any other buffer into native
 * memory it allocates for that one pass. Fresh native memory is zeroed and then faulted in a page
 * at a time. For one 602 KB ResNet-18 image on a 2-vCPU VM that took 1.7–1.9 ms, against 30–60 µs
 * to copy the same bytes into memory touched before. The same fresh allocation per request used to
 * happen where the runtime read a large body into direct memory.
 *
 * <p>Each input position has one buffer. It grows, doubling, to the largest input seen, up to
 * {@link #MAX_KEPT_BYTES}; a larger input gets memory of its own that is not kept. On a big-endian
 * machine inputs stay on the heap, since the engine reads direct memory in native order and tensors
 * are little-endian.
 *
 * <p>Not thread-safe: one per {@link ForwardPass}, used by the thread that runs its passes. A
 * staged tensor is valid until the next pass.
 */
final class InputStaging {
  /** The largest buffer kept for one input position. */
  static final int MAX_KEPT_BYTES = 64 * 1024 * 1024;

  private static final boolean ENGINE_READS_DIRECT =
      ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

  private final List<ByteBuffer> kept = new ArrayList<>();

  /**
   * An empty little-endian buffer of exactly {@code bytes} for input {@code position}, valid until
   * the next call for that position.
   */
  ByteBuffer buffer(int position, int bytes) {
    if (!ENGINE_READS_DIRECT) {
      return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
    if (bytes > MAX_KEPT_BYTES) {
      return ByteBuffer.allocateDirect(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
    while (kept.size() <= position) {
      kept.add(null);
    }
    ByteBuffer buffer = kept.get(position);
    if (buffer == null || buffer.capacity() < bytes) {
      long doubled = buffer == null ? 0 : 2L * buffer.capacity();
      buffer = ByteBuffer.allocateDirect((int) Math.min(MAX_KEPT_BYTES, Math.max(bytes, doubled)));
      kept.set(position, buffer);
    }
    return buffer.clear().limit(bytes).slice().order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * {@code tensor} where the engine reads it in place: itself when its data is direct memory
   * already, else a copy in this position's buffer.
   */
  Tensor staged(int position, Tensor tensor) {
    if (tensor.data().isDirect() || !ENGINE_READS_DIRECT) {
      return tensor;
    }
    ByteBuffer data = buffer(position, tensor.data().remaining());
    data.put(tensor.data().duplicate()).flip();
    return new Tensor(tensor.name(), tensor.type(), tensor.shape(), data);
  }
}
