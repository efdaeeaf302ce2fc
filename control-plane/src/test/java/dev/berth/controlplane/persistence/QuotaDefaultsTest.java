package dev.berth.controlplane.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuotaDefaultsTest {
  @TempDir Path dir;

  private Map<String, Long> load(String yaml) throws Exception {
    Path file = dir.resolve("quotas.yaml");
    Files.writeString(file, yaml);
    return QuotaDefaults.load(file);
  }

  @Test
  void readsShortKeysFullNamesAndTheDefaultForEveryInstanceType() throws Exception {
    assertThat(
            load(
                "endpoints: 50\n"
                    + "Number of models: 10\n"
                    + "instance-type:*: 8\n"
                    + "instance-type:ml.g5.xlarge: 2\n"))
        .containsExactly(
            Map.entry("endpoints", 50L),
            Map.entry("models", 10L),
            Map.entry("instance-type:*", 8L),
            Map.entry("instance-type:ml.g5.xlarge", 2L));
    assertThat(load("")).isEmpty();
  }

  @Test
  void refusesUnknownNamesAndLimitsThatAreNotWholeNumbers() {
    assertThatThrownBy(() -> load("endpionts: 5\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown quota 'endpionts'");
    assertThatThrownBy(() -> load("endpoints: -1\n"))
        .hasMessageContaining("the limit of endpoints must be a whole number >= 0, not -1");
    assertThatThrownBy(() -> load("endpoints: 1.5\n")).hasMessageContaining("whole number");
    assertThatThrownBy(() -> load("- endpoints\n")).hasMessageContaining("expected a map");
  }
}
