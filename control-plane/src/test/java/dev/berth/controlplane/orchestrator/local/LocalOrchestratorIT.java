package dev.berth.controlplane.orchestrator.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.berth.controlplane.orchestrator.ContainerSpec;
import dev.berth.controlplane.orchestrator.FleetId;
import dev.berth.controlplane.orchestrator.FleetSpec;
import dev.berth.controlplane.orchestrator.FleetStatus;
import dev.berth.controlplane.orchestrator.InstancePhase;
import dev.berth.controlplane.orchestrator.InstanceState;
import dev.berth.controlplane.testing.LocalRuntimes;
import dev.berth.runtime.engine.OnnxModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local orchestrator with real runtime processes (or stand-ins where a runtime is not needed).
 */
class LocalOrchestratorIT {
  static final FleetId FLEET = new FleetId(11, 22, "AllTraffic");
  private static final Duration STARTUP = Duration.ofSeconds(90);

  private LocalOrchestrator orchestrator;

  @TempDir Path dir;

  @AfterEach
  void close() {
    if (orchestrator != null) {
      orchestrator.close();
    }
  }

  /** {@code java … dev.berth.runtime.RuntimeMain} on this test's classpath, kept small. */
  static List<String> runtimeCommand() {
    return LocalRuntimes.command();
  }

  static FleetSpec spec(int count, ContainerSpec container) {
    return new FleetSpec(
        FLEET,
        "000000000000",
        "us-east-1",
        "my-endpoint",
        "my-config",
        "ml.m5.large",
        count,
        container,
        Duration.ofMinutes(5));
  }

  static ContainerSpec model(String url) {
    return new ContainerSpec(Optional.empty(), Optional.of(url), false, false, Map.of());
  }

  private LocalSettings settings(List<String> command) {
    return LocalSettings.of(command, dir.resolve("data"))
        .withRestartBackoff(Duration.ofMillis(200), Duration.ofSeconds(1))
        .withStopGracePeriod(Duration.ofSeconds(5));
  }

  @Test
  void twoInstancesServeTheModelComeBackAfterAKillScaleDownAndGoAway() throws Exception {
    LocalSettings settings = settings(runtimeCommand());
    orchestrator = new LocalOrchestrator(settings);
    List<FleetId> changes = new CopyOnWriteArrayList<>();
    orchestrator.onChange(changes::add);
    String url = mlpTarball().toUri().toString();

    long start = System.nanoTime();
    orchestrator.apply(spec(2, model(url)));
    orchestrator.apply(spec(2, model(url))); // idempotent
    await().atMost(STARTUP).until(() -> orchestrator.observe(FLEET).readyCount() == 2);
    System.out.printf(
        "Two runtimes ready %d ms after apply%n", (System.nanoTime() - start) / 1_000_000);

    FleetStatus status = orchestrator.observe(FLEET);
    assertThat(status.instances())
        .extracting(InstanceState::name)
        .containsExactly(FLEET.name() + "-0", FLEET.name() + "-1");
    assertThat(status.readyAddresses())
        .allMatch(a -> a.startsWith("127.0.0.1:"))
        .doesNotHaveDuplicates();
    for (String address : status.readyAddresses()) {
      assertThat(predict(address, new float[] {1, 2, 3, 4}))
          .containsExactly(OnnxModels.mlp(new float[] {1, 2, 3, 4}));
    }
    assertThat(changes).contains(FLEET);
    assertThat(orchestrator.fleets()).containsExactly(FLEET);
    try (Stream<Path> cached = Files.list(settings.cacheDir())) {
      assertThat(cached.filter(p -> p.getFileName().toString().startsWith("sha256-")))
          .as("one artifact, fetched once for both")
          .hasSize(1);
    }
    Path log = settings.logsDir().resolve(FLEET.name()).resolve(FLEET.name() + "-1.log");
    assertThat(Files.readString(log)).contains("Berth runtime listening");

    // kill -9 one runtime: it is started again, on a new port.
    InstanceRecord killed = record(settings, FLEET.name() + "-1");
    String oldAddress = status.instances().get(1).address().orElseThrow();
    ProcessHandle.of(killed.pid()).orElseThrow().destroyForcibly();
    await()
        .atMost(STARTUP)
        .until(
            () -> {
              InstanceState second = orchestrator.observe(FLEET).instances().get(1);
              return second.ready() && second.restarts() == 1;
            });
    InstanceRecord restarted = record(settings, FLEET.name() + "-1");
    assertThat(restarted.pid()).isNotEqualTo(killed.pid());
    String newAddress = orchestrator.observe(FLEET).instances().get(1).address().orElseThrow();
    assertThat(predict(newAddress, new float[] {1, 2, 3, 4}))
        .containsExactly(OnnxModels.mlp(new float[] {1, 2, 3, 4}));
    assertThat(orchestrator.observe(FLEET).instances().get(0).restarts()).isZero();
    System.out.printf("Restarted on %s (was %s)%n", newAddress, oldAddress);

    // Scale to one: the highest-numbered instance goes.
    orchestrator.apply(spec(1, model(url)));
    assertThat(orchestrator.observe(FLEET).instances())
        .extracting(InstanceState::name)
        .containsExactly(FLEET.name() + "-0");
    await().atMost(Duration.ofSeconds(20)).until(() -> !alive(restarted.pid()));
    await().atMost(Duration.ofSeconds(5)).until(() -> pidFiles(settings).size() == 1);
    InstanceRecord first = record(settings, FLEET.name() + "-0");

    // Remove: true once nothing is left.
    await().atMost(Duration.ofSeconds(20)).until(() -> orchestrator.remove(FLEET));
    assertThat(alive(first.pid())).isFalse();
    assertThat(pidFiles(settings)).isEmpty();
    assertThat(orchestrator.observe(FLEET)).isEqualTo(FleetStatus.absent(FLEET));
    assertThat(orchestrator.fleets()).isEmpty();
    assertThat(orchestrator.remove(FLEET)).as("removing an absent fleet").isTrue();
  }

  @Test
  void aModelThatCannotBeFetchedFailsWithTheRuntimesReasonAndIsNotRestarted() throws Exception {
    LocalSettings settings = settings(runtimeCommand());
    orchestrator = new LocalOrchestrator(settings);
    String url = dir.resolve("absent").resolve("model.tar.gz").toUri().toString();

    orchestrator.apply(spec(1, model(url)));

    await()
        .atMost(STARTUP)
        .until(
            () ->
                orchestrator.observe(FLEET).instances().get(0).phase()
                    == InstancePhase.MODEL_FAILED);
    InstanceState failed = orchestrator.observe(FLEET).instances().get(0);
    System.out.println("MODEL_FAILED detail: " + failed.detail());
    assertThat(failed.detail())
        .startsWith("Failed to download model data from")
        .contains("model.tar.gz");
    await().atMost(Duration.ofSeconds(20)).until(() -> pidFiles(settings).isEmpty());
    InstanceState after = orchestrator.observe(FLEET).instances().get(0);
    assertThat(after.phase()).isEqualTo(InstancePhase.MODEL_FAILED);
    assertThat(after.address()).isEmpty();
    assertThat(after.restarts()).isZero();
    assertThat(orchestrator.remove(FLEET)).isTrue();
  }

  @Test
  void aRuntimeThatExitsAtOnceIsCrashLoopingAfterThreeRestartsWithTheEndOfItsLog()
      throws Exception {
    orchestrator =
        new LocalOrchestrator(
            settings(List.of("sh", "-c", "echo 'no model server here' >&2; exit 3"))
                .withRestartBackoff(Duration.ofMillis(50), Duration.ofMillis(200)));

    orchestrator.apply(spec(1, model("file:///nowhere/model.tar.gz")));

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                orchestrator.observe(FLEET).instances().get(0).phase()
                    == InstancePhase.CRASH_LOOPING);
    InstanceState looping = orchestrator.observe(FLEET).instances().get(0);
    assertThat(looping.restarts()).isGreaterThanOrEqualTo(3);
    assertThat(looping.detail())
        .contains("exit code 3")
        .contains("restarted 3 times without becoming ready")
        .endsWith("no model server here");
    // It keeps being restarted, as Kubernetes does, and keeps saying why.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> orchestrator.observe(FLEET).instances().get(0).restarts() >= 5);
    InstanceState later = orchestrator.observe(FLEET).instances().get(0);
    assertThat(later.phase()).isEqualTo(InstancePhase.CRASH_LOOPING);
    assertThat(later.detail()).endsWith("no model server here");
    await().atMost(Duration.ofSeconds(10)).until(() -> orchestrator.remove(FLEET));
  }

  @Test
  void aModelWithItsOwnImageIsReportedAsAnImageThatCannotBePulled() throws Exception {
    LocalSettings settings = settings(runtimeCommand());
    orchestrator = new LocalOrchestrator(settings);
    ContainerSpec byoc =
        new ContainerSpec(
            Optional.of("123456789012.dkr.ecr.us-east-1.amazonaws.com/mine:1"),
            Optional.empty(),
            false,
            false,
            Map.of());

    orchestrator.apply(spec(2, byoc));

    FleetStatus status = orchestrator.observe(FLEET);
    assertThat(status.instances()).hasSize(2);
    assertThat(status.instances())
        .allSatisfy(
            i -> {
              assertThat(i.phase()).isEqualTo(InstancePhase.IMAGE_PULL_FAILED);
              assertThat(i.detail())
                  .isEqualTo(
                      "The local orchestrator runs Berth's runtime only; it cannot run image"
                          + " \"123456789012.dkr.ecr.us-east-1.amazonaws.com/mine:1\".");
              assertThat(i.address()).isEmpty();
            });
    assertThat(pidFiles(settings)).isEmpty();
    assertThat(orchestrator.remove(FLEET)).isTrue();
  }

  @Test
  void scalingDownStopsTheHighestNumberedInstancesAndCloseStopsTheRest() throws Exception {
    // A stand-in that never answers /ping: enough to watch processes come and go.
    LocalSettings settings = settings(List.of("sleep", "600"));
    orchestrator = new LocalOrchestrator(settings);

    orchestrator.apply(spec(3, model("file:///nowhere/model.tar.gz")));
    await().atMost(Duration.ofSeconds(10)).until(() -> pidFiles(settings).size() == 3);
    assertThat(orchestrator.observe(FLEET).instances())
        .allSatisfy(i -> assertThat(i.phase()).isEqualTo(InstancePhase.STARTING));
    List<Long> pids = pidFiles(settings).stream().map(InstanceRecord::pid).toList();

    orchestrator.apply(spec(1, model("file:///nowhere/model.tar.gz")));

    assertThat(orchestrator.observe(FLEET).instances())
        .extracting(InstanceState::name)
        .containsExactly(FLEET.name() + "-0");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(pidFiles(settings))
                    .extracting(InstanceRecord::instance)
                    .containsExactly(FLEET.name() + "-0"));

    orchestrator.close();

    assertThat(pids).noneMatch(LocalOrchestratorIT::alive);
    assertThat(pidFiles(settings)).isEmpty();
    assertThat(orchestrator.fleets()).isEmpty();
  }

  @Test
  void aRuntimeThatIgnoresSigtermIsKilledAfterTheGracePeriod() throws Exception {
    LocalSettings settings =
        settings(List.of("sh", "-c", "trap '' TERM; while true; do sleep 0.1; done"))
            .withStopGracePeriod(Duration.ofMillis(500));
    orchestrator = new LocalOrchestrator(settings);
    orchestrator.apply(spec(1, model("file:///nowhere/model.tar.gz")));
    await().atMost(Duration.ofSeconds(10)).until(() -> pidFiles(settings).size() == 1);
    long pid = pidFiles(settings).get(0).pid();

    assertThat(orchestrator.remove(FLEET)).isFalse();
    await().atMost(Duration.ofSeconds(10)).until(() -> orchestrator.remove(FLEET));

    assertThat(alive(pid)).isFalse();
  }

  @Test
  void runtimesSleepBetweenEngineSectionsUnlessTheModelsEnvironmentSaysOtherwise()
      throws Exception {
    Path envs = Files.createDirectories(dir.resolve("envs"));
    // A stand-in runtime that writes down the environment it was given, then waits to be stopped.
    String dump =
        "env > \""
            + envs
            + "/$SAGEMAKER_BIND_TO_PORT.tmp\" && "
            + "mv \""
            + envs
            + "/$SAGEMAKER_BIND_TO_PORT.tmp\" \""
            + envs
            + "/$SAGEMAKER_BIND_TO_PORT\"; "
            + "exec sleep 60";
    orchestrator = new LocalOrchestrator(settings(List.of("sh", "-c", dump)));
    FleetId spinning = new FleetId(11, 23, "AllTraffic");
    orchestrator.apply(spec(1, model("file:///nowhere/model.tar.gz")));
    orchestrator.apply(
        new FleetSpec(
            spinning,
            "000000000000",
            "us-east-1",
            "my-other-endpoint",
            "my-other-config",
            "ml.m5.large",
            1,
            new ContainerSpec(
                Optional.empty(),
                Optional.of("file:///nowhere/model.tar.gz"),
                false,
                false,
                Map.of("BERTH_ALLOW_SPINNING", "auto")),
            Duration.ofMinutes(5)));

    await().atMost(Duration.ofSeconds(20)).until(() -> spinningSettings(envs).size() == 2);
    assertThat(spinningSettings(envs)).containsExactlyInAnyOrder("false", "auto");
    await().atMost(Duration.ofSeconds(10)).until(() -> orchestrator.remove(FLEET));
    await().atMost(Duration.ofSeconds(10)).until(() -> orchestrator.remove(spinning));
  }

  /** The {@code BERTH_ALLOW_SPINNING} each stand-in runtime written to {@code envs} was given. */
  private static List<String> spinningSettings(Path envs) throws Exception {
    try (Stream<Path> files = Files.list(envs)) {
      return files
          .filter(f -> !f.getFileName().toString().endsWith(".tmp"))
          .map(
              f -> {
                try {
                  return Files.readAllLines(f).stream()
                      .filter(line -> line.startsWith("BERTH_ALLOW_SPINNING="))
                      .map(line -> line.substring(line.indexOf('=') + 1))
                      .findFirst()
                      .orElse("(unset)");
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .toList();
    }
  }

  private static float[] predict(String address, float[] row) throws Exception {
    return LocalRuntimes.predict(address, row);
  }

  private Path mlpTarball() throws Exception {
    return OnnxModels.writeMlpTarGz(dir);
  }

  static List<InstanceRecord> pidFiles(LocalSettings settings) throws Exception {
    return new InstanceRecords(settings.instancesDir())
        .all().stream().map(InstanceRecords.Found::record).toList();
  }

  private static InstanceRecord record(LocalSettings settings, String instance) throws Exception {
    return pidFiles(settings).stream()
        .filter(r -> r.instance().equals(instance))
        .findFirst()
        .orElseThrow();
  }

  static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}
