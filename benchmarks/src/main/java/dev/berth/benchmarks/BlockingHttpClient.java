package dev.berth.benchmarks;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One request at a time over one keep-alive HTTP/1.1 connection with blocking socket I/O: the
 * request's head and body leave in one write, the calling thread blocks in the read of the answer.
 * It serves single-request latency, where the generator's own cost should be as small as can be.
 *
 * <p>Why: the in-process raw engine pays for no client at all, and the generator's Vert.x client
 * costs more than the transport. On the 2-vCPU VM, one 602 KB {@code .npy} request to a bare Vert.x
 * server that answered 4 KB took 0.73 ms (p50) from a blocking client and 1.5–2.3 ms from the
 * Vert.x client. Against a runtime serving ResNet-18, the naive server's p50 was +5.2 % over the
 * raw engine's from this client and +11.7 % from the Vert.x client, in turn, after warm-up.
 *
 * <p>Sends run on {@link #context()}'s event loop, which they block for the length of the request
 * (as {@link AlternatingSingles} sends one request at a time, nothing else waits on it). Answers
 * must carry a {@code Content-Length}; chunked answers are not read.
 *
 * <p>Usage: {@code try (BlockingHttpClient c = BlockingHttpClient.connect(url)) {...}}
 */
final class BlockingHttpClient implements LoadTarget {
  private static final int TIMEOUT_MILLIS = 60_000;
  private static final int MAX_HEAD_BYTES = 64 * 1024;

  private final Vertx vertx;
  private final Context context;
  private final String host;
  private final int port;
  private Socket socket;
  private OutputStream out;
  private InputStream in;

  private BlockingHttpClient(String host, int port) {
    this.vertx =
        Vertx.vertx(
            new VertxOptions()
                .setEventLoopPoolSize(1)
                .setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1)
                // A request blocks the loop for as long as the model takes; that is the point.
                .setMaxEventLoopExecuteTime(TIMEOUT_MILLIS)
                .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS));
    this.context = vertx.getOrCreateContext();
    this.host = host;
    this.port = port;
  }

  /** A client for {@code url}'s host and port (plain HTTP); connects on the first send. */
  static BlockingHttpClient connect(URI url) {
    if (LoadClient.isTls(url)) {
      throw new IllegalArgumentException("plain HTTP only, not " + url);
    }
    return new BlockingHttpClient(url.getHost(), LoadClient.port(url));
  }

  @Override
  public Context context() {
    return context;
  }

  @Override
  public Vertx vertx() {
    return vertx;
  }

  @Override
  public void send(LoadRequest request, Consumer<LoadClient.Answer> done) {
    long sent = System.nanoTime();
    LoadClient.Answer answer;
    try {
      answer = exchange(request, sent);
    } catch (IOException e) {
      closeSocket();
      String code =
          e instanceof SocketTimeoutException
              ? "Timeout"
              : "ClientError:" + e.getClass().getSimpleName();
      answer = new LoadClient.Answer(sent, System.nanoTime(), code, LoadClient.Answer.NO_ANSWER);
    }
    done.accept(answer);
  }

  private LoadClient.Answer exchange(LoadRequest request, long sent) throws IOException {
    if (socket == null) {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
      out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
      in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    }
    out.write(head(request));
    request.body().getByteBuf().getBytes(0, out, request.body().length());
    out.flush();

    String statusLine = line();
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP answer: " + statusLine);
    }
    int status = Integer.parseInt(parts[1]);
    long length = -1;
    String errorType = null;
    boolean close = false;
    int headBytes = statusLine.length();
    for (String header = line(); !header.isEmpty(); header = line()) {
      headBytes += header.length();
      if (headBytes > MAX_HEAD_BYTES) {
        throw new IOException("answer head over " + MAX_HEAD_BYTES + " bytes");
      }
      int colon = header.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = header.substring(colon + 1).trim();
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "x-amzn-errortype" -> errorType = value;
        case "connection" -> close = value.equalsIgnoreCase("close");
        case "transfer-encoding" -> throw new IOException("chunked answers are not read");
        default -> {}
      }
    }
    if (length < 0) {
      throw new IOException("answer without Content-Length");
    }
    byte[] body = in.readNBytes((int) length);
    if (body.length < length) {
      throw new EOFException("answer body cut short");
    }
    long answered = System.nanoTime();
    if (close) {
      closeSocket();
    }
    String code = LoadClient.errorCode(status, errorType, Buffer.buffer(body));
    return new LoadClient.Answer(sent, answered, code, status);
  }

  private byte[] head(LoadRequest request) {
    StringBuilder head =
        new StringBuilder("POST ")
            .append(request.uri())
            .append(" HTTP/1.1\r\nHost: ")
            .append(host)
            .append(':')
            .append(port)
            .append("\r\n");
    for (Map.Entry<String, String> header : request.headers()) {
      if (!header.getKey().equalsIgnoreCase("Content-Length")
          && !header.getKey().equalsIgnoreCase("Host")) {
        head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
      }
    }
    head.append("Content-Length: ").append(request.body().length()).append("\r\n\r\n");
    return head.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** One line of the answer's head, without its CRLF. */
  private String line() throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new EOFException("connection closed in the answer's head");
      }
      if (line.length() >= MAX_HEAD_BYTES) {
        throw new IOException("answer head line over " + MAX_HEAD_BYTES + " bytes");
      }
      if (b != '\r') {
        line.append((char) b);
      }
    }
    return line.toString();
  }

  private void closeSocket() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // Closing a connection that failed cannot fail the measurement further.
      }
      socket = null;
    }
  }

  /** Call when no send is in progress: closes the connection, then the Vert.x instance. */
  @Override
  public void close() {
    closeSocket();
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // Closing the client cannot change a result already measured.
    }
  }
}
