package dev.berth.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.ContainerDefinition;

/** {@code berth up} as a user runs it: the built jar in its own process. */
class BerthUpIT {
  @TempDir Path dataDir;
  private BerthProcesses berth;

  @BeforeEach
  void prepare() {
    berth = new BerthProcesses(dataDir);
  }

  @AfterEach
  void stopAll() throws InterruptedException {
    berth.close();
  }

  @Test
  void upServesTheApiKeepsDataAcrossRestartsAndAdministersKeysAndQuotas() throws Exception {
    int port = BerthProcesses.freePort();
    Process first = berth.up(port);
    SageMakerClient sm = BerthProcesses.client(port, "test", "test");
    sm.createModel(
        r ->
            r.modelName("kept")
                .primaryContainer(ContainerDefinition.builder().image("berth/runtime").build()));

    String key =
        BerthProcesses.run(
            "keys", "create", "--account", "222233334444", "--server", BerthProcesses.url(port));
    assertThat(key).contains("\"Account\" : \"222233334444\"").contains("AccessKeyId");
    String set =
        BerthProcesses.run(
            "quotas",
            "set",
            "--account",
            "222233334444",
            "--region",
            "us-east-1",
            "models=0",
            "--server",
            BerthProcesses.url(port));
    assertThat(set).contains("Number of models = 0 Models (account 222233334444, us-east-1)");

    // Ctrl-C (SIGTERM) stops Berth cleanly ...
    first.destroy();
    assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(first.exitValue()).isIn(0, 143);

    // ... and the next start finds everything again.
    berth.up(port);
    assertThat(
            BerthProcesses.client(port, "test", "test")
                .describeModel(r -> r.modelName("kept"))
                .modelName())
        .isEqualTo("kept");
  }

  @Test
  void aKilledBerthStartsAgainOnTheSameDataDirectory() throws Exception {
    int port = BerthProcesses.freePort();
    Process killed = berth.up(port);
    killed.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    // Its PostgreSQL is still running on the data directory; the next start must take over.
    berth.up(port);
    assertThat(BerthProcesses.client(port, "test", "test").listModels().models()).isEmpty();
  }

  @Test
  void helpDescribesEveryCommand() throws Exception {
    String help = BerthProcesses.run("--help");
    assertThat(help)
        .contains("up")
        .contains("control-plane")
        .contains("data-plane")
        .contains("keys")
        .contains("quotas")
        .contains("demo");
    assertThat(BerthProcesses.run("demo", "--help"))
        .contains("--endpoint-url")
        .contains("--region")
        .contains("--keep")
        .contains("UpdateEndpoint")
        .contains("{\"predictions\":[[6.125,2.5,4.25]]}");
    assertThat(BerthProcesses.run("up", "--help"))
        .contains("--data-dir")
        .contains("--db-url")
        .contains("--port")
        .contains("--admin-port")
        .contains("aws sagemaker-runtime invoke-endpoint")
        .doesNotContain("Not yet part of");
    assertThat(BerthProcesses.run("data-plane", "--help"))
        .contains("--db-url")
        .contains("--port")
        .contains("--admin-port")
        .contains("--invocation-timeout")
        .contains("--max-connections")
        .contains("--max-inflight-per-instance")
        .contains("--regions")
        .contains("endpoint_routes")
        .contains("access_keys");
  }
}
