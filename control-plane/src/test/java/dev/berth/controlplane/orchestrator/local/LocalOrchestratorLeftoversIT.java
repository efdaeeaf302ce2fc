package dev.berth.controlplane.orchestrator.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a new local orchestrator does with the pid files a previous one left on its data dir. */
class LocalOrchestratorLeftoversIT {
  @TempDir Path dir;
  private final List<Process> started = new java.util.ArrayList<>();
  private LocalOrchestrator orchestrator;

  @AfterEach
  void stop() {
    if (orchestrator != null) {
      orchestrator.close();
    }
    started.forEach(Process::destroyForcibly);
  }

  @Test
  void aRuntimeLeftByAControlPlaneKilledWithSigkillIsStoppedByTheNextOrchestrator()
      throws Exception {
    LocalSettings settings = LocalSettings.of(LocalOrchestratorIT.runtimeCommand(), dir);
    // A runtime as the previous control plane started it, without a parent watch to end it.
    ProcessBuilder builder =
        new ProcessBuilder(settings.runtimeCommand())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("leftover.log").toFile());
    builder.environment().put("SAGEMAKER_BIND_TO_PORT", "0");
    builder.environment().put("BERTH_BIND_HOST", "127.0.0.1");
    builder.environment().put("BERTH_MODEL_DATA_URL", dir.resolve("absent.tar.gz").toUri() + "");
    builder.environment().put("BERTH_RUNTIME_CACHE", dir.resolve("cache").toString());
    Process leftover = start(builder);
    long deadOwner = deadPid();
    write(settings, leftover.toHandle(), deadOwner);

    orchestrator = new LocalOrchestrator(settings);

    assertThat(LocalOrchestratorIT.pidFiles(settings)).isEmpty();
    await().atMost(Duration.ofSeconds(20)).until(() -> !leftover.isAlive());
  }

  @Test
  void aPidFileWhosePidIsNowAnotherProgramIsDeletedWithoutKillingIt() throws Exception {
    LocalSettings settings = LocalSettings.of(LocalOrchestratorIT.runtimeCommand(), dir);
    Process stranger = start(new ProcessBuilder("sleep", "600"));
    write(settings, stranger.toHandle(), deadPid());

    orchestrator = new LocalOrchestrator(settings);

    assertThat(LocalOrchestratorIT.pidFiles(settings)).isEmpty();
    assertThat(stranger.isAlive()).isTrue();
  }

  @Test
  void theInstancesOfAnotherRunningControlPlaneAreLeftAlone() throws Exception {
    LocalSettings settings = LocalSettings.of(List.of("sleep", "600"), dir);
    Process instance = start(new ProcessBuilder(settings.runtimeCommand()));
    Process otherControlPlane = start(new ProcessBuilder("sleep", "600"));
    write(settings, instance.toHandle(), otherControlPlane.pid());

    orchestrator = new LocalOrchestrator(settings);

    assertThat(LocalOrchestratorIT.pidFiles(settings)).hasSize(1);
    assertThat(instance.isAlive()).isTrue();
  }

  private Process start(ProcessBuilder builder) throws Exception {
    Process process = builder.start();
    started.add(process);
    return process;
  }

  private static void write(LocalSettings settings, ProcessHandle process, long owner)
      throws Exception {
    InstanceRecord mine =
        InstanceRecord.of(
            process,
            0,
            ProcessHandle.current(),
            LocalOrchestratorIT.FLEET,
            LocalOrchestratorIT.FLEET.name() + "-0",
            settings.runtimeCommand());
    InstanceRecord record =
        new InstanceRecord(
            mine.pid(),
            mine.startedAt(),
            mine.port(),
            owner,
            null,
            mine.endpointId(),
            mine.configId(),
            mine.variantName(),
            mine.fleet(),
            mine.instance(),
            mine.command());
    new InstanceRecords(settings.instancesDir()).write(record);
  }

  private static long deadPid() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    return gone.pid();
  }
}
