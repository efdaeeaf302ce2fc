package dev.berth.controlplane.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.berth.controlplane.ControlPlane;
import dev.berth.controlplane.ControlPlaneConfig;
import dev.berth.controlplane.Fixtures;
import dev.berth.controlplane.TestDatabase;
import dev.berth.controlplane.admin.AdminClient;
import dev.berth.controlplane.orchestrator.FakeOrchestrator;
import dev.berth.controlplane.orchestrator.FleetId;
import dev.berth.controlplane.orchestrator.InstancePhase;
import dev.berth.controlplane.persistence.DatabaseConfig;
import dev.berth.controlplane.testing.RouteRows;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.DesiredWeightAndCapacity;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;

/**
 * The reconciler on a real PostgreSQL behind the real API, driven through the AWS SDK and its
 * waiters, over an in-memory orchestrator (the real orchestrators have their own tests).
 */
class ReconcilerIT {
  private static final ReconcilerSettings SETTINGS =
      new ReconcilerSettings(
          2,
          Duration.ofMillis(100),
          Duration.ofMillis(500),
          Duration.ofSeconds(1),
          Duration.ofSeconds(5),
          Duration.ofSeconds(5),
          Duration.ofMillis(200),
          Duration.ofSeconds(1),
          ReconcilerSettings.defaults().runtimeImages());

  private static DatabaseConfig db;
  private static FakeOrchestrator orchestrator;
  private static ControlPlane controlPlane;
  private static SageMakerClient sm;
  private static String account;

  @BeforeAll
  static void start() throws Exception {
    db = TestDatabase.fresh("reconciler_it");
    orchestrator =
        new FakeOrchestrator()
            .readyAfter(Duration.ofMillis(200))
            .failWhen(
                s -> s.endpointName().startsWith("broken"),
                InstancePhase.MODEL_FAILED,
                "Failed to download model data from s3://models/broken-m/model.tar.gz: 404 Not"
                    + " Found")
            .failWhen(
                s -> s.configName().endsWith("-crashing"),
                InstancePhase.CRASH_LOOPING,
                "exit code 137");
    controlPlane = start(orchestrator);
    URI url = URI.create("http://127.0.0.1:" + controlPlane.port());
    account = "111122223333";
    var key =
        new AdminClient(url, "us-east-1", "test", "test")
            .createAccessKey(account, List.of(), false);
    sm =
        clientFor(
            controlPlane, key.get("AccessKeyId").asText(), key.get("SecretAccessKey").asText());
  }

  @AfterAll
  static void stop() {
    if (controlPlane != null) {
      controlPlane.close();
    }
  }

  private static ControlPlane start(FakeOrchestrator orch) {
    return ControlPlane.start(
        ControlPlaneConfig.of("127.0.0.1", 0, db)
            .withBootstrapKey(ControlPlaneConfig.BootstrapKey.LOOPBACK),
        orch,
        SETTINGS);
  }

  private static SageMakerClient clientFor(ControlPlane cp, String key, String secret) {
    return SageMakerClient.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + cp.port()))
        .region(software.amazon.awssdk.regions.Region.US_EAST_1)
        .credentialsProvider(
            software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(key, secret)))
        .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
        .build();
  }

  private static java.util.function.Consumer<WaiterOverrideConfiguration.Builder> quick() {
    return o ->
        o.maxAttempts(150)
            .backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(100)));
  }

  private static DescribeEndpointResponse waitInService(String name) {
    return sm.waiter()
        .waitUntilEndpointInService(r -> r.endpointName(name), quick())
        .matched()
        .response()
        .orElseThrow();
  }

  @Test
  void anEndpointLivesThroughCreateUpdateScaleAndDelete() throws Exception {
    try (Connection listen = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
      try (Statement s = listen.createStatement()) {
        s.execute("listen berth_routes");
      }
      Fixtures.model(sm, "life-m");
      Fixtures.config(sm, "life-c1", "life-m", 1);
      sm.createEndpoint(r -> r.endpointName("Life").endpointConfigName("life-c1"));

      DescribeEndpointResponse ready = waitInService("Life");
      assertThat(ready.productionVariants())
          .singleElement()
          .satisfies(
              v -> {
                assertThat(v.currentInstanceCount()).isEqualTo(1);
                assertThat(v.currentWeight()).isEqualTo(1.0f);
              });
      assertThat(ready.failureReason()).isNull();
      List<String> routes = routes("Life");
      assertThat(routes).singleElement().asString().startsWith("AllTraffic life-c1 1.0 [\"10.0.0.");
      assertThat(notifications(listen)).isNotEmpty();

      // Blue/green: the new configuration's fleet replaces the old one.
      Fixtures.config(sm, "life-c2", "life-m", 1);
      sm.updateEndpoint(r -> r.endpointName("life").endpointConfigName("life-c2"));
      DescribeEndpointResponse updated = waitInService("Life");
      assertThat(updated.endpointConfigName()).isEqualTo("life-c2");
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(fleetsOf("Life"))
                      .extracting(FleetId::variantName)
                      .containsExactly("AllTraffic"));
      assertThat(routes("Life")).singleElement().asString().startsWith("AllTraffic life-c2 1.0");
      // The old configuration is free again.
      sm.deleteEndpointConfig(r -> r.endpointConfigName("life-c1"));

      sm.updateEndpointWeightsAndCapacities(
          r ->
              r.endpointName("Life")
                  .desiredWeightsAndCapacities(
                      DesiredWeightAndCapacity.builder()
                          .variantName("AllTraffic")
                          .desiredInstanceCount(3)
                          .build()));
      DescribeEndpointResponse scaled = waitInService("Life");
      assertThat(scaled.productionVariants().get(0).currentInstanceCount()).isEqualTo(3);
      assertThat(routes("Life").get(0)).contains("\",\"");

      sm.deleteEndpoint(r -> r.endpointName("Life"));
      var gone =
          sm.waiter().waitUntilEndpointDeleted(r -> r.endpointName("Life"), quick()).matched();
      assertThat(gone.exception()).isPresent();
      assertThat(fleetsOf("Life")).isEmpty();
      assertThat(routes("Life")).isEmpty();
      assertThat(controlPlane.registry().scrape())
          .contains("berth_endpoint_transitions_total{to=\"InService\"}")
          .contains("berth_reconciler_steps_seconds_count{outcome=\"deleted\"}")
          .contains("berth_fleet_removals_total");
    }
  }

  @Test
  void aCanaryUpdateShowsItsStagesAndSplitsTraffic() throws Exception {
    Fixtures.model(sm, "canary-m");
    Fixtures.config(sm, "canary-c1", "canary-m", 2);
    Fixtures.config(sm, "canary-c2", "canary-m", 2);
    sm.createEndpoint(r -> r.endpointName("canary").endpointConfigName("canary-c1"));
    waitInService("canary");

    sm.updateEndpoint(
        r ->
            r.endpointName("canary")
                .endpointConfigName("canary-c2")
                .deploymentConfig(
                    d ->
                        d.blueGreenUpdatePolicy(
                            b ->
                                b.terminationWaitInSeconds(2)
                                    .trafficRoutingConfiguration(
                                        t ->
                                            t.type("CANARY")
                                                .waitIntervalInSeconds(3)
                                                .canarySize(
                                                    c -> c.type("INSTANCE_COUNT").value(1))))));

    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(
            () ->
                assertThat(
                        sm.describeEndpoint(r -> r.endpointName("canary"))
                            .pendingDeploymentSummary()
                            .productionVariants()
                            .get(0)
                            .variantStatus()
                            .get(0)
                            .statusMessage())
                    .isEqualTo("50% of traffic is on the new fleet."));
    assertThat(routes("canary")).hasSize(2).allSatisfy(r -> assertThat(r).contains(" 0.5 "));
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(
            () ->
                assertThat(
                        sm.describeEndpoint(r -> r.endpointName("canary"))
                            .pendingDeploymentSummary()
                            .productionVariants()
                            .get(0)
                            .variantStatus()
                            .get(0)
                            .statusAsString())
                    .isEqualTo("Baking"));
    assertThat(routes("canary")).singleElement().asString().contains("canary-c2 1.0");
    DescribeEndpointResponse done = waitInService("canary");
    assertThat(done.endpointConfigName()).isEqualTo("canary-c2");
    assertThat(done.lastDeploymentConfig().blueGreenUpdatePolicy().terminationWaitInSeconds())
        .isEqualTo(2);
  }

  @Test
  void aModelThatCannotLoadFailsTheEndpointAndLeavesNothingRunning() throws Exception {
    Fixtures.model(sm, "broken-m");
    Fixtures.config(sm, "broken-c", "broken-m", 1);
    sm.createEndpoint(r -> r.endpointName("broken").endpointConfigName("broken-c"));

    Throwable failed =
        catchThrowable(
            () -> sm.waiter().waitUntilEndpointInService(r -> r.endpointName("broken"), quick()));

    assertThat(failed).isNotNull();
    DescribeEndpointResponse d = sm.describeEndpoint(r -> r.endpointName("broken"));
    assertThat(d.endpointStatus()).isEqualTo(EndpointStatus.FAILED);
    assertThat(d.failureReason())
        .isEqualTo(
            "Failed to download model data from s3://models/broken-m/model.tar.gz: 404 Not Found");
    assertThat(d.productionVariants()).isEmpty();
    await().atMost(Duration.ofSeconds(5)).until(() -> fleetsOf("broken").isEmpty());
    sm.deleteEndpoint(r -> r.endpointName("broken"));
    sm.waiter().waitUntilEndpointDeleted(r -> r.endpointName("broken"), quick());
  }

  @Test
  void aFailedUpdateLeavesTheEndpointInServiceOnItsOldConfiguration() throws Exception {
    Fixtures.model(sm, "roll-m");
    Fixtures.config(sm, "roll-c1", "roll-m", 1);
    Fixtures.config(sm, "roll-c2-crashing", "roll-m", 1);
    sm.createEndpoint(r -> r.endpointName("roll").endpointConfigName("roll-c1"));
    waitInService("roll");

    sm.updateEndpoint(r -> r.endpointName("roll").endpointConfigName("roll-c2-crashing"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> sm.describeEndpoint(r -> r.endpointName("roll")).failureReason() != null);

    DescribeEndpointResponse d = sm.describeEndpoint(r -> r.endpointName("roll"));
    assertThat(d.endpointStatus()).isEqualTo(EndpointStatus.IN_SERVICE);
    assertThat(d.endpointConfigName()).isEqualTo("roll-c1");
    assertThat(d.pendingDeploymentSummary()).isNull();
    assertThat(d.failureReason()).contains("exited repeatedly").contains("exit code 137");
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(fleetsOf("roll")).extracting(FleetId::configId).hasSize(1));
    assertThat(routes("roll")).singleElement().asString().startsWith("AllTraffic roll-c1 ");
  }

  @Test
  void twoReplicasOnOneDatabaseNeverLaunchAFleetTwice() throws Exception {
    int before = orchestrator.fleetsCreated();
    try (ControlPlane second = start(orchestrator)) {
      Fixtures.model(sm, "many-m");
      Fixtures.config(sm, "many-c", "many-m", 1);
      var pool = Executors.newFixedThreadPool(5);
      List<java.util.concurrent.Future<?>> creates = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        String name = "many-" + i;
        creates.add(
            pool.submit(
                () -> sm.createEndpoint(r -> r.endpointName(name).endpointConfigName("many-c"))));
      }
      for (var f : creates) {
        f.get();
      }
      pool.shutdown();
      for (int i = 0; i < 10; i++) {
        waitInService("many-" + i);
      }
    }
    assertThat(orchestrator.fleetsCreated() - before).isEqualTo(10);
  }

  /** The fleets the orchestrator runs for the endpoint called {@code name}. */
  private static List<FleetId> fleetsOf(String name) throws Exception {
    long id = endpointId(name);
    return orchestrator.fleets().stream().filter(f -> f.endpointId() == id).toList();
  }

  private static long endpointId(String name) throws Exception {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        var s = c.prepareStatement("select id from endpoints where name = ?")) {
      s.setString(1, name);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getLong(1) : -1;
      }
    }
  }

  private static List<String> routes(String name) throws Exception {
    return RouteRows.describe(db, name);
  }

  private static List<PGNotification> notifications(Connection listen) throws Exception {
    PGNotification[] n = listen.unwrap(PGConnection.class).getNotifications(2000);
    return n == null ? List.of() : List.of(n);
  }
}
