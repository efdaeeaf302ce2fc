package dev.berth.dataplane.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in runtime instance with behaviour the tests steer through the custom attributes the data
 * plane forwards: echo (default), {@code fail=<status>}, {@code sleep=<ms>}, {@code stream=<n>} (n
 * chunks 50 ms apart), {@code headers} (answers the headers it received). Every answer names the
 * backend in {@code X-Amzn-SageMaker-Custom-Attributes: backend=<name>}.
 */
public final class TestBackend implements AutoCloseable {
  private final String name;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final AtomicInteger requests = new AtomicInteger();

  static {
    // Without it the JDK server writes headers and body in two segments, the second held back by
    // Nagle until the data plane's delayed ACK: 40 ms on every answer.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private TestBackend(String name, HttpServer server) {
    this.name = name;
    this.server = server;
  }

  /** A backend on a free loopback port. */
  public static TestBackend start(String name) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
    TestBackend backend = new TestBackend(name, server);
    server.createContext("/invocations", backend::handle);
    server.setExecutor(backend.threads);
    server.start();
    return backend;
  }

  /** {@code host:port}, as the route table lists instances. */
  public String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** Requests received so far. */
  public int requests() {
    return requests.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    byte[] body = exchange.getRequestBody().readAllBytes();
    String attributes = exchange.getRequestHeaders().getFirst("X-Amzn-SageMaker-Custom-Attributes");
    String mode = attributes == null ? "" : attributes;
    exchange.getResponseHeaders().set("X-Amzn-SageMaker-Custom-Attributes", "backend=" + name);
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    exchange
        .getResponseHeaders()
        .set("Content-Type", contentType == null ? "application/octet-stream" : contentType);
    try (exchange) {
      if (mode.startsWith("fail=")) {
        byte[] text = "bad input".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(Integer.parseInt(mode.substring(5)), text.length);
        exchange.getResponseBody().write(text);
      } else if (mode.startsWith("sleep=")) {
        Thread.sleep(Long.parseLong(mode.substring(6)));
        exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
      } else if (mode.startsWith("stream=")) {
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        int parts = Integer.parseInt(mode.substring(7));
        for (int i = 0; i < parts; i++) {
          out.write(("part-" + i + ";").getBytes(StandardCharsets.UTF_8));
          out.flush();
          Thread.sleep(50);
        }
      } else if (mode.equals("headers")) {
        Map<String, String> seen = new TreeMap<>();
        exchange
            .getRequestHeaders()
            .forEach((k, v) -> seen.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
        seen.put(":path", exchange.getRequestURI().toString());
        byte[] text = seen.toString().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, text.length);
        exchange.getResponseBody().write(text);
      } else {
        exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // The data plane went away mid-answer: nothing to do.
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
