package dev.berth.dataplane.http;

import io.netty.handler.codec.http.HttpMethod;

/**
 * A runtime operation recognised from its method and path (spec §1.3).
 *
 * @param operation which operation
 * @param endpointName the {@code EndpointName} path label, exactly as sent
 */
record InvocationPath(Operation operation, String endpointName) {
  private static final String PREFIX = "/endpoints/";

  /** The runtime operations, by the last path segment. */
  enum Operation {
    INVOKE("/invocations"),
    STREAM("/invocations-response-stream"),
    ASYNC("/async-invocations");

    private final String suffix;

    Operation(String suffix) {
      this.suffix = suffix;
    }
  }

  /** The operation {@code POST rawPath} names, or null when it names none. */
  static InvocationPath parse(HttpMethod method, String uri) {
    if (!HttpMethod.POST.equals(method) || !uri.startsWith(PREFIX)) {
      return null;
    }
    int q = uri.indexOf('?');
    String path = q < 0 ? uri : uri.substring(0, q);
    int slash = path.indexOf('/', PREFIX.length());
    if (slash <= PREFIX.length()) {
      return null;
    }
    String rest = path.substring(slash);
    for (Operation operation : Operation.values()) {
      if (operation.suffix.equals(rest)) {
        return new InvocationPath(operation, path.substring(PREFIX.length(), slash));
      }
    }
    return null;
  }
}
