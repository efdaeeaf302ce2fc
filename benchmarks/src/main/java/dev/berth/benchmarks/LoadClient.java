package dev.berth.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The generator's side of the wire: one Vert.x event loop and a pool of keep-alive HTTP/1.1
 * connections to one server. Everything a load run does happens on {@link #context()}, so the
 * recording needs no locks and the generator takes at most one core from the machine it measures.
 *
 * <p>Usage: {@code try (LoadClient client = LoadClient.connect(url, 16, 1)) { ... }}
 */
public final class LoadClient implements LoadTarget {
  /** How long a request may wait for a connection, and then for its answer. */
  static final long REQUEST_TIMEOUT_MILLIS = 10_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Vertx vertx;
  private final Context context;
  private final HttpClient http;
  private final URI url;

  private LoadClient(Vertx vertx, HttpClient http, URI url) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.http = http;
    this.url = url;
  }

  /**
   * A client of {@code url} with up to {@code connections} connections, each carrying up to {@code
   * inFlight} requests at once (HTTP/1.1 pipelining when above 1). An {@code https} URL is
   * connected with TLS, checked against the JVM's trusted certificates.
   */
  public static LoadClient connect(URI url, int connections, int inFlight) {
    Vertx vertx =
        Vertx.vertx(
            new VertxOptions()
                .setEventLoopPoolSize(1)
                .setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
    boolean tls = isTls(url);
    HttpClient http =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setDefaultHost(url.getHost())
                .setDefaultPort(port(url))
                .setSsl(tls)
                .setKeepAlive(true)
                .setKeepAliveTimeout(120)
                .setTcpNoDelay(true)
                .setPipelining(inFlight > 1)
                .setPipeliningLimit(inFlight),
            // Waiters are not bounded here: the open loop bounds its own backlog and counts it.
            new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
    return new LoadClient(vertx, http, url);
  }

  @Override
  public Context context() {
    return context;
  }

  @Override
  public Vertx vertx() {
    return vertx;
  }

  /** The value of the {@code host} header Vert.x sends, which signatures must cover. */
  public String hostHeader() {
    return hostHeader(url);
  }

  /**
   * The {@code host} header a client of {@code url} sends: the port only where it is not the
   * scheme's default, as HTTP clients and the AWS SDKs write it.
   */
  static String hostHeader(URI url) {
    return url.getPort() > 0 && url.getPort() != defaultPort(url)
        ? url.getHost() + ":" + url.getPort()
        : url.getHost();
  }

  /** The port {@code url} names, or its scheme's default. */
  static int port(URI url) {
    return url.getPort() > 0 ? url.getPort() : defaultPort(url);
  }

  static boolean isTls(URI url) {
    return "https".equalsIgnoreCase(url.getScheme());
  }

  private static int defaultPort(URI url) {
    return isTls(url) ? 443 : 80;
  }

  @Override
  public void send(LoadRequest request, Consumer<Answer> done) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setURI(request.uri())
            .setHeaders(request.headers())
            .setConnectTimeout(REQUEST_TIMEOUT_MILLIS)
            .setTimeout(REQUEST_TIMEOUT_MILLIS);
    long[] sentAt = {0};
    http.request(options)
        .compose(
            outbound -> {
              sentAt[0] = System.nanoTime();
              return outbound.send(request.body());
            })
        .compose(
            response ->
                response
                    .body()
                    .map(
                        body -> {
                          int status = response.statusCode();
                          String code =
                              errorCode(status, response.getHeader("x-amzn-ErrorType"), body);
                          return new Answer(0, 0, code, status);
                        }))
        .onComplete(
            result -> {
              long now = System.nanoTime();
              long sent = sentAt[0] == 0 ? now : sentAt[0];
              done.accept(
                  result.succeeded()
                      ? new Answer(sent, now, result.result().errorCode(), result.result().status())
                      : new Answer(sent, now, failureCode(result.cause()), Answer.NO_ANSWER));
            });
  }

  @Override
  public void close() {
    // Awaited one after the other from the caller's thread: a future chained on the client's
    // context would complete on an event loop that Vert.x has already shut down.
    await(http.close());
    await(vertx.close());
  }

  private static void await(Future<Void> future) {
    try {
      future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // Closing the generator cannot change a result already measured.
    }
  }

  /**
   * Null for 200; otherwise the {@code __type} of the error body (the SageMaker API), its {@code
   * type} (the model runtime's errors), or {@code HTTP <status>}.
   */
  static String errorCode(int status, Buffer body) {
    return errorCode(status, null, body);
  }

  /** As {@link #errorCode(int, Buffer)}, the {@code x-amzn-ErrorType} header read first. */
  static String errorCode(int status, String errorTypeHeader, Buffer body) {
    if (status == 200) {
      return null;
    }
    if (errorTypeHeader != null && !errorTypeHeader.isBlank()) {
      // "Code:http://internal.amazon.com/coral/..." in some services; the code comes first.
      String code = errorTypeHeader.strip();
      int colon = code.indexOf(':');
      return colon > 0 ? code.substring(0, colon) : code;
    }
    try {
      JsonNode error = JSON.readTree(body.getBytes());
      JsonNode type = error.path("__type").isTextual() ? error.path("__type") : error.path("type");
      if (type.isTextual() && !type.asText().isEmpty()) {
        String code = type.asText();
        // Some services answer "namespace#Code"; the code is what callers match on.
        return code.substring(code.lastIndexOf('#') + 1);
      }
    } catch (IOException e) {
      // Not JSON: the status is all there is to report.
    }
    return "HTTP " + status;
  }

  private static String failureCode(Throwable failure) {
    if (failure instanceof TimeoutException
        || failure.getClass().getSimpleName().contains("Timeout")) {
      return "Timeout";
    }
    if (failure instanceof ConnectException) {
      return "ConnectionRefused";
    }
    return "ClientError:" + failure.getClass().getSimpleName();
  }

  /**
   * What became of one request.
   *
   * @param sentNanos when a connection took it ({@link System#nanoTime()})
   * @param answeredNanos when its answer (or failure) was complete
   * @param errorCode null for a 200 answer, else the error's code
   * @param status the HTTP status, or {@link #NO_ANSWER} when no HTTP answer came (a timeout, a
   *     refused connection)
   */
  public record Answer(long sentNanos, long answeredNanos, String errorCode, int status) {
    /** The status of a request that got no HTTP answer. */
    public static final int NO_ANSWER = 0;

    /** An answer from a target without HTTP statuses: 200 when it succeeded. */
    public Answer(long sentNanos, long answeredNanos, String errorCode) {
      this(sentNanos, answeredNanos, errorCode, errorCode == null ? 200 : NO_ANSWER);
    }
  }
}
