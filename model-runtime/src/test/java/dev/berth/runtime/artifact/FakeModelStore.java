package dev.berth.runtime.artifact;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny real HTTP server on loopback that holds objects by path and answers both plain HTTP
 * ({@code GET /path}) and the two S3 calls the runtime makes, path-style: {@code GetObject} ({@code
 * GET /bucket/key}) and {@code ListObjectsV2} ({@code GET /bucket?list-type=2&prefix=…}). It counts
 * requests per path, so a test can prove a cache hit made none.
 */
final class FakeModelStore implements AutoCloseable {

  private final HttpServer server;
  private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> gets = new ConcurrentHashMap<>();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();

  FakeModelStore() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Stores {@code bytes} at {@code path}, e.g. {@code /models/model.tar.gz}. */
  FakeModelStore put(String path, byte[] bytes) {
    objects.put(path, bytes);
    return this;
  }

  /** The server's root, e.g. {@code http://127.0.0.1:40123}. */
  URI endpoint() {
    return URI.create(
        "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
  }

  String url(String path) {
    return endpoint() + path;
  }

  /** GET requests for the object at {@code path} so far. */
  int getsOf(String path) {
    AtomicInteger n = gets.get(path);
    return n == null ? 0 : n.get();
  }

  List<String> authorizations() {
    return authorizations;
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      if (auth != null) {
        authorizations.add(auth);
      }
      String path = exchange.getRequestURI().getPath();
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      if (!exchange.getRequestMethod().equals("GET")) {
        send(exchange, 405, "text/plain", new byte[0]);
      } else if ("2".equals(query.get("list-type"))) {
        list(exchange, path, query.getOrDefault("prefix", ""));
      } else {
        get(exchange, path);
      }
    }
  }

  private void get(HttpExchange exchange, String path) throws IOException {
    gets.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    byte[] body = objects.get(path);
    if (body == null) {
      String error =
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchKey</Code>"
              + "<Message>The specified key does not exist.</Message><Key>"
              + xml(path)
              + "</Key><RequestId>fake</RequestId></Error>";
      send(exchange, 404, "application/xml", error.getBytes(StandardCharsets.UTF_8));
      return;
    }
    send(exchange, 200, "application/octet-stream", body);
  }

  private void list(HttpExchange exchange, String bucketPath, String prefix) throws IOException {
    String bucket = bucketPath.replaceAll("^/+|/+$", "");
    String start = "/" + bucket + "/" + prefix;
    TreeMap<String, byte[]> matches = new TreeMap<>();
    objects.forEach(
        (path, bytes) -> {
          if (path.startsWith(start)) {
            matches.put(path.substring(bucket.length() + 2), bytes);
          }
        });
    StringBuilder xml =
        new StringBuilder(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">");
    xml.append("<Name>").append(xml(bucket)).append("</Name>");
    xml.append("<Prefix>").append(xml(prefix)).append("</Prefix>");
    xml.append("<KeyCount>").append(matches.size()).append("</KeyCount>");
    xml.append("<MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>");
    for (Map.Entry<String, byte[]> object : matches.entrySet()) {
      xml.append("<Contents><Key>")
          .append(xml(object.getKey()))
          .append("</Key><LastModified>2025-01-01T00:00:00.000Z</LastModified>")
          .append("<ETag>&quot;fake&quot;</ETag><Size>")
          .append(object.getValue().length)
          .append("</Size><StorageClass>STANDARD</StorageClass></Contents>");
    }
    xml.append("</ListBucketResult>");
    send(exchange, 200, "application/xml", xml.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("x-amz-request-id", "fake");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> params = new HashMap<>();
    if (raw == null) {
      return params;
    }
    List<String> pairs = new ArrayList<>(List.of(raw.split("&")));
    for (String pair : pairs) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      params.put(
          URLDecoder.decode(name, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return params;
  }

  private static String xml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
