package dev.berth.runtime.server;

import dev.berth.runtime.codec.PayloadFormat;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads an invocation's body into one buffer sized from its {@code Content-Length}, so that a large
 * body is copied once instead of again each time an aggregate buffer grows (and once more into an
 * array). A large {@code .npy} body goes into a direct buffer: the codec slices its data out in
 * place and the engine reads that memory as it is, with no copy of its own. Small bodies stay on
 * the heap, where allocating is cheaper than a direct buffer and batching copies them anyway.
 *
 * <p>Usage: {@code InvocationBody.read(request, limit).onSuccess(body -> decode(body))}
 */
final class InvocationBody {
  /** From this size on, a {@code .npy} body is read into a direct buffer. */
  static final int DIRECT_MIN_BYTES = 64 * 1024;

  private static final int CHUNKED_START_BYTES = 16 * 1024;

  /** The body went past the payload limit while it streamed in (a chunked request). */
  static final class TooLarge extends RuntimeException {
    TooLarge(long bytes) {
      super(Long.toString(bytes), null, false, false);
    }
  }

  private final int limit;
  private final boolean direct;
  private final Promise<ByteBuffer> done = Promise.promise();
  private ByteBuffer body;
  private byte[] scratch;

  private InvocationBody(int limit, long declared, boolean direct) {
    this.limit = limit;
    this.direct = direct && nativeLittleEndian();
    int initial = declared >= 0 ? (int) Math.min(declared, limit) : CHUNKED_START_BYTES;
    this.body = allocate(initial);
  }

  /**
   * Reads {@code request}'s body; fails with {@link TooLarge} past {@code limit} bytes. Call it
   * from the request handler, before the body starts to arrive.
   */
  static Future<ByteBuffer> read(HttpServerRequest request, int limit) {
    long declared = contentLength(request.getHeader("Content-Length"));
    boolean npy =
        PayloadFormat.NPY_TYPE.equals(
            PayloadFormat.bareMediaType(request.getHeader("Content-Type")));
    InvocationBody reader =
        new InvocationBody(limit, declared, npy && declared >= DIRECT_MIN_BYTES);
    request.handler(reader::append);
    request.exceptionHandler(reader.done::tryFail);
    request.endHandler(v -> reader.finish());
    return reader.done.future();
  }

  private void append(Buffer chunk) {
    if (done.future().isComplete()) {
      return; // failed already: the rest of the body is read and dropped
    }
    int length = chunk.length();
    long total = (long) body.position() + length;
    if (total > limit) {
      done.tryFail(new TooLarge(total));
      return;
    }
    if (body.remaining() < length) {
      grow((int) total);
    }
    if (body.hasArray()) {
      chunk.getBytes(0, length, body.array(), body.arrayOffset() + body.position());
      body.position(body.position() + length);
      return;
    }
    // Vert.x offers a chunk's bytes as an array; chunks are small (8 KiB by default).
    if (scratch == null || scratch.length < length) {
      scratch = new byte[Math.max(length, 8192)];
    }
    chunk.getBytes(0, length, scratch, 0);
    body.put(scratch, 0, length);
  }

  private void grow(int needed) {
    int capacity = (int) Math.min(limit, Math.max(needed, 2L * body.capacity()));
    ByteBuffer larger = allocate(capacity);
    body.flip();
    larger.put(body);
    body = larger;
  }

  private void finish() {
    done.tryComplete(body.flip().slice().order(ByteOrder.LITTLE_ENDIAN));
  }

  private ByteBuffer allocate(int capacity) {
    return direct ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
  }

  private static boolean nativeLittleEndian() {
    // The engine reads a direct buffer in native order, and tensors are little-endian.
    return ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
  }

  private static long contentLength(String header) {
    if (header == null) {
      return -1;
    }
    try {
      long length = Long.parseLong(header.trim());
      return length < 0 ? -1 : length;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
