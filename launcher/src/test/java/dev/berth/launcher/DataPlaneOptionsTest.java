package dev.berth.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.dataplane.DataPlaneConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class DataPlaneOptionsTest {
  private static final DataPlaneConfig.Database DB =
      new DataPlaneConfig.Database("jdbc:postgresql://db:5432/berth", "postgres", "");

  private static DataPlaneConfig apply(
      DataPlaneOptions flags, Properties file, Map<String, String> env, int port) {
    return flags
        .applyTo(DataPlaneConfig.builder(DB).port(port), new Settings(file, env), port)
        .build();
  }

  @Test
  void theAdminPortIsThePortPlusOneUnlessThePortIsPickedFreely() {
    assertThat(apply(new DataPlaneOptions(), new Properties(), Map.of(), 8600).adminPort())
        .isEqualTo(8601);
    assertThat(apply(new DataPlaneOptions(), new Properties(), Map.of(), 0).adminPort()).isZero();
  }

  @Test
  void theDefaultsAreTheDataPlanesOwn() {
    DataPlaneConfig config = apply(new DataPlaneOptions(), new Properties(), Map.of(), 8080);
    DataPlaneConfig defaults = DataPlaneConfig.builder(DB).build();
    assertThat(config.invocationTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.maxConnections()).isEqualTo(defaults.maxConnections());
    assertThat(config.maxInFlightPerInstance()).isEqualTo(defaults.maxInFlightPerInstance());
  }

  @Test
  void theEnvironmentWinsOverTheFlagWhichWinsOverTheFile() {
    DataPlaneOptions flags = new DataPlaneOptions();
    flags.adminPort = -1;
    flags.invocationTimeout = 5;
    Properties file = new Properties();
    file.setProperty("admin-port", "9000");
    file.setProperty("max-connections", "7");
    DataPlaneConfig config =
        apply(flags, file, Map.of("BERTH_MAX_INFLIGHT_PER_INSTANCE", "3"), 8080);
    assertThat(config.adminPort()).isEqualTo(-1);
    assertThat(config.invocationTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.maxConnections()).isEqualTo(7);
    assertThat(config.maxInFlightPerInstance()).isEqualTo(3);
  }

  @Test
  void anInvocationTimeoutBelowOneSecondIsRefusedByName() {
    DataPlaneOptions flags = new DataPlaneOptions();
    flags.invocationTimeout = 0;
    assertThatThrownBy(() -> apply(flags, new Properties(), Map.of(), 8080))
        .hasMessageContaining("invocation-timeout");
  }
}
