package dev.berth.runtime.server;

import dev.berth.runtime.ModelSource;
import dev.berth.runtime.RuntimeConfig;
import dev.berth.runtime.engine.InferenceModel;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SageMaker hosting container contract over HTTP (spec §6.2): {@code GET /ping} and {@code POST
 * /invocations} on one port, {@code /metrics} on an admin port.
 *
 * <p>The port is open at once (SageMaker wants a socket within 250 ms): the HTTP server binds as
 * soon as Vert.x runs, before the metrics registry is made, and answers 503 for the moment until
 * its routes are in place. The model is fetched, loaded and warmed up on a worker thread meanwhile,
 * and {@code /ping} answers 200 only after that warm-up inference succeeded. {@link #close()} stops
 * taking new connections, waits for in-flight invocations to finish, then unloads the model.
 *
 * <p>In multi-model mode ({@link RuntimeConfig#multiModel()}, spec §6.3) there is no model to wait
 * for: {@code /ping} is healthy at once, {@code POST /invocations} loads the model its {@code
 * X-Amzn-SageMaker-Target-Model} header names on first use, and the {@code /models} API loads,
 * lists and unloads models ({@link MultiModelRoutes}).
 *
 * <p>Usage: {@code RuntimeServer server = RuntimeServer.start(config, new ModelBootstrap(config));}
 */
public final class RuntimeServer implements AutoCloseable {

  private final Vertx vertx;
  private final RuntimeConfig config;
  private final AtomicReference<ModelState> state = new AtomicReference<>(ModelState.LOADING);
  private final AtomicInteger inFlight = new AtomicInteger();
  private final LoadFailureExit loadFailureExit;
  private RuntimeMeters meters;
  private HttpServer server;
  private HttpServer admin;
  private MultiModelRoutes multiModel; // null for a single-model runtime
  // Null from the bind until the routes below exist: the server then answers 503.
  private volatile Handler<HttpServerRequest> routes;

  private RuntimeServer(RuntimeConfig config, LoadFailureExit loadFailureExit) {
    this.config = config;
    this.loadFailureExit = loadFailureExit;
    // Epoll where Netty's native transport loads (Linux x86-64), NIO elsewhere: every invocation
    // pays one read and one write, and epoll's are the cheaper ones (and its wake-up of the event
    // loop when the batcher hands an answer back).
    this.vertx =
        Vertx.vertx(
            new VertxOptions()
                .setEventLoopPoolSize(2)
                .setWorkerPoolSize(4)
                .setPreferNativeTransport(true));
  }

  /**
   * Listens on the configured ports at once, then loads the model from {@code source} (which
   * fetches, loads and warms it up) in the background; a load failure is answered on {@code /ping}.
   */
  public static RuntimeServer start(RuntimeConfig config, ModelSource source) {
    return start(config, source, LoadFailureExit.KEEP_SERVING);
  }

  /**
   * As {@link #start(RuntimeConfig, ModelSource)}, and after a load failure does what {@code
   * onLoadFailure} says (e.g. write the termination message and exit, for Kubernetes).
   */
  public static RuntimeServer start(
      RuntimeConfig config, ModelSource source, LoadFailureExit onLoadFailure) {
    RuntimeServer runtime = new RuntimeServer(config, onLoadFailure);
    try {
      runtime.bind();
      // Micrometer and the Prometheus client load after the bind: nothing before it needs them.
      runtime.route(RuntimeMeters.create());
      runtime.listenAdmin();
    } catch (RuntimeException e) {
      runtime.vertx.close();
      throw e;
    }
    log()
        .info(
            "Runtime listening on {}:{} ({}, {})",
            config.bindHost(),
            runtime.server.actualPort(),
            config.multiModel() ? "multi-model" : "model loading",
            runtime.vertx.isNativeTransportEnabled() ? "epoll" : "NIO");
    if (!config.multiModel()) {
      runtime.loadInBackground(source);
    }
    return runtime;
  }

  /** The inference port actually bound. */
  public int port() {
    return server.actualPort();
  }

  /** The admin port actually bound, or 0. */
  public int metricsPort() {
    return admin == null ? 0 : admin.actualPort();
  }

  /** The metrics registry, for the model's own meters. */
  public PrometheusMeterRegistry registry() {
    return meters.prometheus();
  }

  /** True once the model answered its warm-up inference; always in multi-model mode. */
  public boolean ready() {
    return multiModel != null || state.get().ready();
  }

  /** Opens the inference port; until {@link #route} ran, every request is answered 503. */
  private void bind() {
    server =
        await(
            vertx
                .createHttpServer(
                    new HttpServerOptions()
                        .setHost(config.bindHost())
                        .setPort(config.port())
                        .setMaxInitialLineLength(8192)
                        .setIdleTimeout(120)
                        // Plain HTTP/1.1 only: without these, every connection's pipeline also
                        // carries an h2c upgrade check and a WebSocket extension handler that
                        // look at every request and response.
                        .setHttp2ClearTextEnabled(false)
                        .setPerFrameWebSocketCompressionSupported(false)
                        .setPerMessageWebSocketCompressionSupported(false))
                .requestHandler(
                    request -> {
                      Handler<HttpServerRequest> ready = routes;
                      if (ready != null) {
                        ready.handle(request);
                      } else {
                        Responses.error(
                            request.response(), 503, "Loading", "The runtime is starting.");
                      }
                    })
                .listen());
  }

  private void route(RuntimeMeters ready) {
    meters = ready;
    Inference inference = new Inference(config, inFlight, meters.runtime());
    InvocationHandler invocations = new InvocationHandler(state::get, inference);
    if (config.multiModel()) {
      multiModel =
          new MultiModelRoutes(vertx, config, meters.registry(), meters.runtime(), inference);
    }
    routes =
        request -> {
          String path = request.path();
          if (path.equals("/ping")) {
            ping(request);
          } else if (multiModel != null && multiModel.handle(request)) {
            return;
          } else if (path.equals("/invocations")) {
            invocations.handle(request);
          } else {
            Responses.error(
                request.response(),
                404,
                "NotFound",
                "The runtime serves GET /ping and POST /invocations, not "
                    + request.method()
                    + " "
                    + path
                    + ".");
          }
        };
  }

  private void listenAdmin() {
    if (config.metricsPort() > 0) {
      admin =
          await(
              vertx
                  .createHttpServer(
                      new HttpServerOptions()
                          .setHost(config.bindHost())
                          .setPort(config.metricsPort()))
                  .requestHandler(
                      request ->
                          request
                              .response()
                              .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                              .end(meters.prometheus().scrape()))
                  .listen());
    }
  }

  private void ping(HttpServerRequest request) {
    ModelState current = state.get();
    if (multiModel != null || current.ready()) {
      request
          .response()
          .putHeader("Content-Type", "application/json")
          .end("{\"status\":\"Healthy\"}");
    } else if (current.failure() != null) {
      Responses.error(request.response(), 503, "ModelLoadFailed", current.failure());
    } else {
      Responses.error(request.response(), 503, "Loading", "The model is loading.");
    }
  }

  private void loadInBackground(ModelSource source) {
    long start = System.nanoTime();
    vertx
        .<InferenceModel>executeBlocking(() -> source.load(meters.registry()), false)
        .onSuccess(
            model -> {
              state.set(ModelState.ready(model));
              meters.runtime().modelLoaded();
              log()
                  .info(
                      "Model ready in {} ms: inputs {}",
                      (System.nanoTime() - start) / 1_000_000,
                      model.inputs());
            })
        .onFailure(
            failure -> {
              String reason =
                  failure.getMessage() == null ? failure.toString() : failure.getMessage();
              state.set(ModelState.failed(reason));
              log().error(LoadFailureExit.MESSAGE_PREFIX + "{}", reason, failure);
              loadFailureExit.onFailure(reason);
            });
  }

  @Override
  public void close() {
    // Stop accepting, let in-flight invocations finish (SageMaker sends SIGKILL 30 s later).
    await(server.close());
    long deadline = System.nanoTime() + config.drainTimeout().toNanos();
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (inFlight.get() > 0) {
      log().warn("{} invocations still running after the drain timeout", inFlight.get());
    }
    if (multiModel != null) {
      multiModel.close();
    }
    ModelState current = state.get();
    if (current.ready()) {
      try {
        current.model().close();
      } catch (Exception e) {
        log().warn("model did not unload cleanly", e);
      }
    }
    if (admin != null) {
      await(admin.close());
    }
    await(vertx.close());
  }

  /**
   * Looked up when first needed rather than when the class loads, so that the logging backend
   * starts beside Vert.x ({@link RuntimeMeters}) instead of before it.
   */
  private static Logger log() {
    return LoggerFactory.getLogger(RuntimeServer.class);
  }

  private static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
