package dev.berth.runtime.server;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads an invocation's body into one heap buffer sized from its {@code Content-Length}, so that a
 * large body is copied once instead of again each time an aggregate buffer grows (and once more
 * into an array). The codecs decode it in place; the engine's batcher copies the inputs into native
 * memory it keeps from pass to pass ({@code InputStaging}). A body read into fresh direct memory
 * instead cost a page fault per 4 KiB on first touch: 1.7–1.9 ms for a 602 KB image on a 2-vCPU VM,
 * against 30–60 µs for the batcher's copy.
 *
 * <p>Usage: {@code InvocationBody.read(request, limit).onSuccess(body -> decode(body))}
 */
final class InvocationBody {
  private static final int CHUNKED_START_BYTES = 16 * 1024;

  /** The body went past the payload limit while it streamed in (a chunked request). */
  static final class TooLarge extends RuntimeException {
    TooLarge(long bytes) {
      super(Long.toString(bytes), null, false, false);
    }
  }

  private final int limit;
  private final Promise<ByteBuffer> done = Promise.promise();
  private ByteBuffer body;

  private InvocationBody(int limit, long declared) {
    this.limit = limit;
    int initial = declared >= 0 ? (int) Math.min(declared, limit) : CHUNKED_START_BYTES;
    this.body = ByteBuffer.allocate(initial);
  }

  /**
   * Reads {@code request}'s body; fails with {@link TooLarge} past {@code limit} bytes. Call it
   * from the request handler, before the body starts to arrive.
   */
  static Future<ByteBuffer> read(HttpServerRequest request, int limit) {
    InvocationBody reader =
        new InvocationBody(limit, contentLength(request.getHeader("Content-Length")));
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
    chunk.getBytes(0, length, body.array(), body.arrayOffset() + body.position());
    body.position(body.position() + length);
  }

  private void grow(int needed) {
    int capacity = (int) Math.min(limit, Math.max(needed, 2L * body.capacity()));
    ByteBuffer larger = ByteBuffer.allocate(capacity);
    body.flip();
    larger.put(body);
    body = larger;
  }

  private void finish() {
    done.tryComplete(body.flip().slice().order(ByteOrder.LITTLE_ENDIAN));
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
