package dev.berth.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataPlaneBenchOptionsTest {
  @Test
  void defaultsAreShortRunsOf64ConnectionsWithoutNginx() {
    DataPlaneBenchOptions options = DataPlaneBenchOptions.parse(new String[0]);

    assertThat(options.warmup()).isEqualTo(Duration.ofSeconds(15));
    assertThat(options.duration()).isEqualTo(Duration.ofSeconds(10));
    assertThat(options.connections()).isEqualTo(64);
    assertThat(options.rate()).isZero();
    assertThat(options.turns()).isEqualTo(6);
    assertThat(options.port()).isEqualTo(8900);
    assertThat(options.nginx()).isNull();
    assertThat(options.serverJavaOptions()).containsExactly("-Xmx1g", "-XX:+UseParallelGC");
    assertThat(options.proxyCpus()).isNull();
    assertThat(options.backendCpus()).isNull();
    assertThat(options.eventLoopThreads()).isEqualTo(MachineCpu.cores());
  }

  @Test
  void pinnedProxiesGetOneEventLoopPerCpuOfTheirs() {
    DataPlaneBenchOptions options =
        DataPlaneBenchOptions.parse(
            new String[] {"--proxy-cpus", "2-3,6", "--backend-cpus", "4-5", "--proxy-cpus", "2-4"});

    assertThat(options.proxyCpus()).isEqualTo(new CpuSet("2-4", 3));
    assertThat(options.backendCpus()).isEqualTo(new CpuSet("4-5", 2));
    assertThat(options.eventLoopThreads()).isEqualTo(3);
    assertThat(
            DataPlaneBenchOptions.parse(
                    new String[] {"--proxy-cpus", "2-3", "--event-loop-threads", "1"})
                .eventLoopThreads())
        .isOne();
  }

  @Test
  void cpusNotInTasksetsFormAreRefused() {
    assertThatThrownBy(() -> DataPlaneBenchOptions.parse(new String[] {"--proxy-cpus", "two"}))
        .isInstanceOf(BenchOptions.UsageException.class)
        .hasMessageContaining("--proxy-cpus wants CPUs as taskset -c reads them");
    assertThatThrownBy(() -> DataPlaneBenchOptions.parse(new String[] {"--backend-cpus", "5-3"}))
        .isInstanceOf(BenchOptions.UsageException.class)
        .hasMessageContaining("runs backwards");
  }

  @Test
  void flagsOverrideTheDefaults() {
    DataPlaneBenchOptions options =
        DataPlaneBenchOptions.parse(
            new String[] {
              "--nginx",
              "/usr/sbin/nginx",
              "--rate",
              "2500",
              "--event-loop-threads",
              "4",
              "--server-java-opts",
              "-Xmx2g  -XX:+UseParallelGC",
              "--body-bytes",
              "1024",
              "--turns",
              "0"
            });

    assertThat(options.nginx()).isEqualTo(Path.of("/usr/sbin/nginx"));
    assertThat(options.rate()).isEqualTo(2500);
    assertThat(options.eventLoopThreads()).isEqualTo(4);
    assertThat(options.bodyBytes()).isEqualTo(1024);
    assertThat(options.turns()).isZero();
    assertThat(options.serverJavaOptions()).isEqualTo(List.of("-Xmx2g", "-XX:+UseParallelGC"));
  }

  @Test
  void aPortWithoutRoomForTheThreeAfterItIsRefused() {
    assertThatThrownBy(() -> DataPlaneBenchOptions.parse(new String[] {"--port", "65534"}))
        .isInstanceOf(BenchOptions.UsageException.class)
        .hasMessageContaining("--port");
  }

  @Test
  void theBodyIsExactlyTheSizeAskedFor() {
    assertThat(DataPlaneBench.body(256).length()).isEqualTo(256);
    assertThat(DataPlaneBench.body(256).toString()).startsWith("{\"inputs\":\"").endsWith("\"}");
  }
}
