package dev.berth.benchmarks;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * One request a load run sends: {@code POST uri} with these headers and this body. Both may be
 * shared between requests (Vert.x copies the headers and duplicates the buffer on every send).
 *
 * @param uri the request target, e.g. {@code /} (the SageMaker API) or {@code /invocations}
 * @param headers the headers to add to Vert.x's own ({@code Host}, {@code Content-Length})
 * @param body the body
 */
public record LoadRequest(String uri, MultiMap headers, Buffer body) {

  /** A request to {@code POST /}, where the SageMaker API answers. */
  public LoadRequest(MultiMap headers, Buffer body) {
    this("/", headers, body);
  }

  /** Where a load run takes its next request from; called on the generator's event loop only. */
  @FunctionalInterface
  public interface Source {
    /** The next request to send. */
    LoadRequest next();
  }
}
