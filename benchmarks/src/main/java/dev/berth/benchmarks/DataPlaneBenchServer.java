package dev.berth.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.berth.controlplane.ControlPlane;
import dev.berth.controlplane.ControlPlaneConfig;
import dev.berth.controlplane.admin.AdminClient;
import dev.berth.controlplane.persistence.DatabaseConfig;
import dev.berth.controlplane.persistence.EmbeddedDatabase;
import dev.berth.dataplane.DataPlane;
import dev.berth.dataplane.DataPlaneConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The server side of {@code benchmarks/data-plane.sh}, in a JVM of its own: an embedded PostgreSQL
 * with Berth's schema, one endpoint made through the real control-plane API and routed to the echo
 * backend, and the data plane serving it.
 *
 * <ol>
 *   <li>Starts PostgreSQL and a control plane (API only: endpoints stay {@code Creating}) with the
 *       loopback admin key; through the API it makes a fresh account and its access key, a model,
 *       an endpoint configuration and the endpoint.
 *   <li>Writes the endpoint's row in {@code endpoint_routes}, as the reconciler would once an
 *       instance is ready, with the echo backend as its one instance; then stops the control plane,
 *       which the data plane does not need.
 *   <li>Starts {@link DataPlane} on that database, and a stats port: {@code GET /setup} gives the
 *       endpoint and the key to sign with, {@code GET /stats} the {@link DataPlaneServerStats}.
 * </ol>
 *
 * <p>Usage: {@code java -cp berth-bench.jar dev.berth.benchmarks.DataPlaneBenchServer --data-dir
 * DIR --port 8901 --stats-port 8903 --backend 127.0.0.1:8900 --event-loop-threads 2}
 */
public final class DataPlaneBenchServer {
  static final String REGION = "us-east-1";
  static final String ENDPOINT = "bench-echo";
  static final String VARIANT = "AllTraffic";
  private static final ObjectMapper JSON = new ObjectMapper();

  private DataPlaneBenchServer() {}

  public static void main(String[] args) throws Exception {
    CommandLineFlags flags =
        CommandLineFlags.parse(
            args,
            Set.of("--data-dir", "--port", "--stats-port", "--backend", "--event-loop-threads"));
    Path dataDir = flags.path("--data-dir");
    if (dataDir == null) {
      System.err.println(
          "Usage: DataPlaneBenchServer --data-dir DIR [--port 8901] [--stats-port 8903]"
              + " [--backend 127.0.0.1:8900] [--event-loop-threads N]");
      System.exit(2);
    }
    // Hibernate logs through JBoss Logging, which otherwise picks java.util.logging.
    System.setProperty("org.jboss.logging.provider", "slf4j");
    EmbeddedDatabase database = EmbeddedDatabase.start(dataDir.resolve("postgres"), 0);
    DataPlane dataPlane;
    HttpServer stats;
    try {
      ObjectNode setup =
          routedEndpoint(database.config(), flags.text("--backend", "127.0.0.1:8900"));
      DatabaseConfig db = database.config();
      dataPlane =
          DataPlane.start(
              DataPlaneConfig.builder(
                      new DataPlaneConfig.Database(db.jdbcUrl(), db.user(), db.password()))
                  .port(flags.whole("--port", 8901))
                  .adminPort(-1)
                  .eventLoopThreads(flags.whole("--event-loop-threads", 0))
                  .build());
      if (dataPlane.routes().find(setup.get("account").asText(), REGION, ENDPOINT) == null) {
        throw new IllegalStateException("the data plane did not load the benchmark's route");
      }
      setup.put("dataPlanePort", dataPlane.port());
      stats = statsServer(flags.whole("--stats-port", 8903), setup);
    } catch (Exception e) {
      database.close();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stats.stop(0);
                  dataPlane.close();
                  database.close();
                  stopped.countDown();
                }));
    System.out.println("READY http://127.0.0.1:" + dataPlane.port());
    System.out.flush();
    stopped.await();
  }

  /**
   * Makes the account, key, model, endpoint configuration and endpoint through the API, routes the
   * endpoint to {@code backend} and returns what a client needs to invoke it.
   */
  private static ObjectNode routedEndpoint(DatabaseConfig db, String backend) throws Exception {
    ControlPlane controlPlane =
        ControlPlane.start(
            ControlPlaneConfig.of("127.0.0.1", 0, db)
                .withBootstrapKey(ControlPlaneConfig.BootstrapKey.LOOPBACK));
    try {
      URI url = URI.create("http://127.0.0.1:" + controlPlane.port());
      ControlPlaneConfig.BootstrapKey root = ControlPlaneConfig.BootstrapKey.LOOPBACK;
      AdminClient admin = new AdminClient(url, REGION, root.accessKeyId(), root.secretAccessKey());
      String account =
          String.format("%012d", ThreadLocalRandom.current().nextLong(1, 1_000_000_000_000L));
      JsonNode key = admin.createAccessKey(account, List.of(), false);
      String accessKeyId = key.get("AccessKeyId").asText();
      String secret = key.get("SecretAccessKey").asText();
      AdminClient api = new AdminClient(url, REGION, accessKeyId, secret);
      ObjectNode model = JSON.createObjectNode().put("ModelName", "bench-echo-model");
      model.put("ExecutionRoleArn", "arn:aws:iam::123456789012:role/berth-bench");
      model
          .putObject("PrimaryContainer")
          .put("Image", "berth/runtime:latest")
          .put("ModelDataUrl", "s3://berth-bench/echo/model.tar.gz");
      api.call("SageMaker.CreateModel", model);
      ObjectNode config = JSON.createObjectNode().put("EndpointConfigName", "bench-echo-config");
      config
          .putArray("ProductionVariants")
          .addObject()
          .put("VariantName", VARIANT)
          .put("ModelName", "bench-echo-model")
          .put("InstanceType", "ml.m5.large")
          .put("InitialInstanceCount", 1);
      api.call("SageMaker.CreateEndpointConfig", config);
      api.call(
          "SageMaker.CreateEndpoint",
          JSON.createObjectNode()
              .put("EndpointName", ENDPOINT)
              .put("EndpointConfigName", "bench-echo-config"));
      route(db, account, backend);
      return JSON.createObjectNode()
          .put("account", account)
          .put("region", REGION)
          .put("endpointName", ENDPOINT)
          .put("accessKeyId", accessKeyId)
          .put("secretAccessKey", secret)
          .put("backend", backend);
    } finally {
      controlPlane.close();
    }
  }

  /** The row the reconciler writes once the endpoint's one instance is ready. */
  private static void route(DatabaseConfig db, String account, String backend)
      throws SQLException, IOException {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
      long endpointId;
      long configId;
      try (PreparedStatement s =
          c.prepareStatement(
              "select id, config_id from endpoints where account_id = ? and region = ? and name = ?")) {
        s.setString(1, account);
        s.setString(2, REGION);
        s.setString(3, ENDPOINT);
        try (ResultSet r = s.executeQuery()) {
          if (!r.next()) {
            throw new SQLException("CreateEndpoint left no row for " + ENDPOINT);
          }
          endpointId = r.getLong("id");
          configId = r.getLong("config_id");
        }
      }
      try (PreparedStatement s =
          c.prepareStatement(
              "insert into endpoint_routes (endpoint_id, config_id, variant_name, account_id,"
                  + " region, endpoint_name, config_name, traffic_share, variant_weight,"
                  + " routing_strategy, multi_model, shadow, instances)"
                  + " values (?, ?, ?, ?, ?, ?, ?, 1, 1, 'LEAST_OUTSTANDING_REQUESTS', false,"
                  + " false, ?)"
                  + " on conflict (endpoint_id, config_id, variant_name)"
                  + " do update set instances = excluded.instances, updated_at = now()")) {
        s.setLong(1, endpointId);
        s.setLong(2, configId);
        s.setString(3, VARIANT);
        s.setString(4, account);
        s.setString(5, REGION);
        s.setString(6, ENDPOINT);
        s.setString(7, "bench-echo-config");
        s.setString(8, JSON.writeValueAsString(List.of(backend)));
        s.executeUpdate();
      }
    }
  }

  private static HttpServer statsServer(int port, ObjectNode setup) throws IOException {
    AtomicLong maxPause = new AtomicLong();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(
            (notification, handback) -> {
              if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
                  notification.getType())) {
                long ms =
                    GarbageCollectionNotificationInfo.from(
                            (CompositeData) notification.getUserData())
                        .getGcInfo()
                        .getDuration();
                maxPause.accumulateAndGet(ms, Math::max);
              }
            },
            null,
            null);
      }
    }
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
    server.createContext("/setup", exchange -> answer(exchange, JSON.writeValueAsBytes(setup)));
    server.createContext(
        "/stats",
        exchange -> answer(exchange, JSON.writeValueAsBytes(stats(maxPause.getAndSet(0)))));
    server.start();
    return server;
  }

  private static DataPlaneServerStats stats(long maxPauseMillis) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long[] ids = threads.getAllThreadIds();
    ThreadInfo[] infos = threads.getThreadInfo(ids);
    long[] allocated = threads.getThreadAllocatedBytes(ids);
    long loopBytes = 0;
    long loopCpu = 0;
    long allBytes = 0;
    for (int i = 0; i < ids.length; i++) {
      if (infos[i] == null || allocated[i] < 0) {
        continue;
      }
      allBytes += allocated[i];
      if (infos[i].getThreadName().startsWith("berth-dp")) {
        loopBytes += allocated[i];
        loopCpu += Math.max(0, threads.getThreadCpuTime(ids[i]));
      }
    }
    long gcCount = 0;
    long gcMillis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcCount += Math.max(0, gc.getCollectionCount());
      gcMillis += Math.max(0, gc.getCollectionTime());
    }
    return new DataPlaneServerStats(
        loopBytes, loopCpu, allBytes, gcCount, gcMillis, maxPauseMillis);
  }

  private static void answer(HttpExchange exchange, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
