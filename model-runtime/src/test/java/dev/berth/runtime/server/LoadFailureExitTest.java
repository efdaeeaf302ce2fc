package dev.berth.runtime.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.runtime.SageMakerEnvironment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link LoadFailureExit}: its configuration and the termination message it writes. */
class LoadFailureExitTest {
  @TempDir Path dir;

  @Test
  void theRuntimeKeepsServingUnlessBerthExitOnLoadFailureIsTrue() {
    assertThat(SageMakerEnvironment.loadFailureExit(Map.of()))
        .isEqualTo(new LoadFailureExit(false, Path.of("/dev/termination-log")));
    assertThat(SageMakerEnvironment.loadFailureExit(Map.of("BERTH_EXIT_ON_LOAD_FAILURE", "false")))
        .isEqualTo(LoadFailureExit.KEEP_SERVING);
    assertThat(
            SageMakerEnvironment.loadFailureExit(
                Map.of("BERTH_EXIT_ON_LOAD_FAILURE", "TRUE", "BERTH_TERMINATION_LOG", "/tmp/t")))
        .isEqualTo(new LoadFailureExit(true, Path.of("/tmp/t")));
    assertThatThrownBy(
            () -> SageMakerEnvironment.loadFailureExit(Map.of("BERTH_EXIT_ON_LOAD_FAILURE", "1")))
        .hasMessage("BERTH_EXIT_ON_LOAD_FAILURE must be true or false, got '1'");
  }

  @Test
  void theTerminationMessageIsThePrefixAndTheReason() throws Exception {
    Path file = dir.resolve("termination-log");
    LoadFailureExit exit = new LoadFailureExit(true, file);

    assertThat(exit.writeTerminationMessage("No model file in /opt/ml/model")).contains(file);

    assertThat(Files.readString(file))
        .isEqualTo("Model failed to load: No model file in /opt/ml/model");
  }

  @Test
  void aLongReasonIsCutToWhatKubernetesKeepsOnACharacterBoundary() {
    String message = LoadFailureExit.message("é".repeat(3000));

    assertThat(message).startsWith("Model failed to load: é").endsWith("é...");
    assertThat(message.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(LoadFailureExit.MAX_MESSAGE_BYTES);
  }

  @Test
  void nothingIsWrittenWhereTheDirectoryDoesNotExist() {
    LoadFailureExit exit = new LoadFailureExit(true, dir.resolve("absent/termination-log"));

    assertThat(exit.writeTerminationMessage("boom")).isEmpty();
    assertThat(dir.resolve("absent")).doesNotExist();
  }
}
