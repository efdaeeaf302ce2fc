package dev.berth.controlplane;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.awswire.error.AwsError;
import dev.berth.awswire.error.AwsErrorCode;
import dev.berth.awswire.shape.ServiceModel;
import dev.berth.awswire.shape.ShapeValidator;
import dev.berth.controlplane.api.Operation;
import dev.berth.controlplane.api.OperationCatalog;
import dev.berth.controlplane.api.RequestValidator;
import dev.berth.controlplane.api.SageMakerApi;
import dev.berth.controlplane.auth.AccessKey;
import dev.berth.controlplane.auth.AccessKeyDirectory;
import dev.berth.controlplane.auth.AccessKeyIssuer;
import dev.berth.controlplane.auth.RequestAuthenticator;
import dev.berth.controlplane.metrics.ApiMetrics;
import dev.berth.controlplane.metrics.ReconcilerMetrics;
import dev.berth.controlplane.orchestrator.Orchestrator;
import dev.berth.controlplane.persistence.QuotaDefaults;
import dev.berth.controlplane.persistence.SchemaMigrator;
import dev.berth.controlplane.persistence.SessionFactories;
import dev.berth.controlplane.reconciler.Reconciler;
import dev.berth.controlplane.reconciler.ReconcilerSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hibernate.reactive.mutiny.Mutiny;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane process role: migrates the schema, opens Hibernate Reactive on its own Vert.x,
 * makes sure the bootstrap key exists, then serves the SageMaker API on one port with one HTTP
 * server per event loop.
 *
 * <p>Usage: {@code try (ControlPlane cp = ControlPlane.start(config)) { ... cp.port() ... }}
 */
public final class ControlPlane implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);

  /** The largest request body accepted; SageMaker's biggest inputs are a few hundred KiB. */
  static final int MAX_BODY_BYTES = 2 * 1024 * 1024;

  private final Vertx vertx;
  private final Mutiny.SessionFactory sessions;
  private final PrometheusMeterRegistry registry;
  private final int port;
  private final Reconciler reconciler;
  private final Orchestrator orchestrator;

  private ControlPlane(
      Vertx vertx,
      Mutiny.SessionFactory sessions,
      PrometheusMeterRegistry registry,
      int port,
      Reconciler reconciler,
      Orchestrator orchestrator) {
    this.vertx = vertx;
    this.sessions = sessions;
    this.registry = registry;
    this.port = port;
    this.reconciler = reconciler;
    this.orchestrator = orchestrator;
  }

  /**
   * Starts the API only: endpoints are recorded but nothing runs them (tests of the API, and a
   * replica that only serves the API). Blocks until it listens.
   */
  public static ControlPlane start(ControlPlaneConfig config) {
    return start(config, null, null);
  }

  /**
   * Starts the API and the reconciler, which runs endpoints on {@code orchestrator} (owned from
   * here on: closed with the control plane). Blocks until it listens; fails if the database or the
   * bind fails.
   */
  public static ControlPlane start(
      ControlPlaneConfig config, Orchestrator orchestrator, ReconcilerSettings settings) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx =
        Vertx.vertx(
            new VertxOptions()
                .setEventLoopPoolSize(config.eventLoops())
                .setMetricsOptions(
                    new MicrometerMetricsOptions()
                        .setEnabled(true)
                        .setMicrometerRegistry(registry)));
    Mutiny.SessionFactory sessions = null;
    Reconciler reconciler = null;
    try {
      SchemaMigrator.migrate(config.database());
      QuotaDefaults.apply(config.database(), config.quotaDefaults());
      if (orchestrator != null) {
        reconciler =
            Reconciler.start(
                config.database(), orchestrator, settings, new ReconcilerMetrics(registry));
      }
      sessions = SessionFactories.create(vertx, config.database());
      AccessKeyDirectory keys = new AccessKeyDirectory(sessions);
      ensureBootstrapKey(vertx, sessions, config);

      ServiceModel model = loadModel();
      ShapeValidator shapes = new ShapeValidator(model);
      if (!config.instanceTypes().isEmpty()) {
        shapes = shapes.withEnumOverride("ProductionVariantInstanceType", config.instanceTypes());
      }
      Map<String, Operation> operations = OperationCatalog.build(model, sessions, keys);
      SageMakerApi api =
          new SageMakerApi(
              operations,
              new RequestAuthenticator(keys, config.regions(), config.clockSkew()),
              new RequestValidator(shapes),
              new ApiMetrics(registry));
      int port = listen(vertx, config, api, registry);
      LOG.info("Control plane listening on http://{}:{}", config.bindHost(), port);
      return new ControlPlane(vertx, sessions, registry, port, reconciler, orchestrator);
    } catch (RuntimeException e) {
      if (reconciler != null) {
        reconciler.close();
      }
      if (orchestrator != null) {
        orchestrator.close();
      }
      if (sessions != null) {
        sessions.close();
      }
      vertx.close().toCompletionStage().toCompletableFuture().join();
      throw e;
    }
  }

  /** The port the API listens on. */
  public int port() {
    return port;
  }

  /** The metrics registry (also served at {@code GET /metrics}). */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The reconciler, if this control plane runs one. */
  public Optional<Reconciler> reconciler() {
    return Optional.ofNullable(reconciler);
  }

  @Override
  public void close() {
    if (reconciler != null) {
      reconciler.close();
      orchestrator.close();
    }
    sessions.close();
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("Vert.x did not close cleanly", e);
    }
  }

  private static void ensureBootstrapKey(
      Vertx vertx, Mutiny.SessionFactory sessions, ControlPlaneConfig config) {
    config
        .bootstrapKey()
        .ifPresent(
            b -> {
              AccessKey key =
                  new AccessKey(b.accessKeyId(), b.secretAccessKey(), b.account(), Set.of(), true);
              // Hibernate Reactive sessions must run on a Vert.x context.
              var promise = Promise.<Void>promise();
              vertx.runOnContext(
                  ignored ->
                      sessions
                          .withTransaction(session -> new AccessKeyIssuer().ensure(session, key))
                          .subscribe()
                          .with(promise::complete, promise::fail));
              await(promise.future());
            });
  }

  private static int listen(
      Vertx vertx, ControlPlaneConfig config, SageMakerApi api, PrometheusMeterRegistry registry) {
    // Vert.x shares one listening socket among servers that ask for the same port, but not
    // among servers that ask for port 0: so "any port" is resolved to a free one first.
    AtomicInteger boundPort =
        new AtomicInteger(config.port() == 0 ? freePort(config.bindHost()) : config.port());
    await(vertx.deployVerticle(new ApiVerticle(config.bindHost(), boundPort, api, registry)));
    if (config.eventLoops() > 1) {
      await(
          vertx.deployVerticle(
              () -> new ApiVerticle(config.bindHost(), boundPort, api, registry),
              new DeploymentOptions().setInstances(config.eventLoops() - 1)));
    }
    return boundPort.get();
  }

  private static int freePort(String host) {
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(host))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + host, e);
    }
  }

  private static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Model artifact URLs Berth fetches besides SageMaker's {@code https} and {@code s3}: {@code
   * http} (an artifact server inside a cluster) and {@code file} (a model on this machine).
   */
  static final String ARTIFACT_URL_PATTERN = "(https?|s3|file)://([^/]*)/?(.*)";

  private static ServiceModel loadModel() {
    try (InputStream in =
        ControlPlane.class.getResourceAsStream("/sagemaker/service-shapes.json")) {
      if (in == null) {
        throw new IllegalStateException(
            "sagemaker/service-shapes.json is missing from the classpath");
      }
      ObjectNode document = (ObjectNode) new ObjectMapper().readTree(in);
      ObjectNode shapes = document.has("shapes") ? (ObjectNode) document.get("shapes") : document;
      for (String urlShape : new String[] {"Url", "S3ModelUri"}) {
        ((ObjectNode) shapes.get(urlShape)).put("pattern", ARTIFACT_URL_PATTERN);
      }
      return ServiceModel.load(
          new java.io.ByteArrayInputStream(new ObjectMapper().writeValueAsBytes(document)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One HTTP server on one event loop; several share the port. */
  private static final class ApiVerticle extends AbstractVerticle {
    private final String host;
    private final AtomicInteger port;
    private final SageMakerApi api;
    private final PrometheusMeterRegistry registry;

    ApiVerticle(
        String host, AtomicInteger port, SageMakerApi api, PrometheusMeterRegistry registry) {
      this.host = host;
      this.port = port;
      this.api = api;
      this.registry = registry;
    }

    @Override
    public void start(Promise<Void> started) {
      Router router = Router.router(vertx);
      router
          .get("/health")
          .handler(
              ctx ->
                  ctx.response()
                      .putHeader("Content-Type", "application/json")
                      .end("{\"status\":\"ok\"}"));
      router
          .get("/metrics")
          .handler(
              ctx ->
                  ctx.response()
                      .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                      .end(registry.scrape()));
      router.post("/").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES)).handler(api);
      // The body handler refuses oversized bodies with a bare status; answer in the envelope.
      router
          .route()
          .failureHandler(
              ctx ->
                  SageMakerApi.respondError(
                      ctx,
                      ctx.statusCode() == 413
                          ? AwsError.of(
                              AwsErrorCode.VALIDATION_EXCEPTION,
                              "The request body exceeds the limit of " + MAX_BODY_BYTES + " bytes.")
                          : AwsError.of(
                              AwsErrorCode.INTERNAL_FAILURE,
                              "We encountered an internal error. Please try again."),
                      UUID.randomUUID().toString()));
      router
          .route()
          .last()
          .handler(
              ctx ->
                  SageMakerApi.respondError(
                      ctx,
                      AwsError.of(
                          AwsErrorCode.UNKNOWN_OPERATION,
                          "Berth serves the SageMaker API at POST / with an X-Amz-Target header; "
                              + ctx.request().method()
                              + " "
                              + ctx.request().path()
                              + " is not an operation."),
                      UUID.randomUUID().toString()));
      HttpServer server =
          vertx.createHttpServer(
              new HttpServerOptions()
                  .setHost(host)
                  .setPort(port.get())
                  .setCompressionSupported(false));
      server
          .requestHandler(router)
          .listen()
          .onSuccess(s -> started.complete())
          .onFailure(started::fail);
    }
  }
}
