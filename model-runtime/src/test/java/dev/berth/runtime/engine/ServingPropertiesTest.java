package dev.berth.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServingPropertiesTest {
  @TempDir Path dir;

  @Test
  void aDirectoryWithoutTheFileGetsTheDefaults() throws Exception {
    ServingProperties props = ServingProperties.load(dir);
    assertThat(props).isEqualTo(ServingProperties.defaults());
    assertThat(props.engine()).isNull();
    assertThat(props.batchSize()).isEqualTo(1);
    assertThat(props.maxBatchDelay()).isEqualTo(Duration.ofMillis(100));
    assertThat(props.jobQueueSize()).isEqualTo(100);
  }

  @Test
  void readsDjlServingKeysAndOptionsWithoutTheirPrefix() throws Exception {
    Files.writeString(
        dir.resolve("serving.properties"),
        """
        engine=OnnxRuntime
        batch_size=8
        max_batch_delay=25
        job_queue_size=7
        option.intraOpNumThreads=1
        minWorkers=1
        """);
    ServingProperties props = ServingProperties.load(dir);
    assertThat(props.engine()).isEqualTo("OnnxRuntime");
    assertThat(props.batchPolicy().batchSize()).isEqualTo(8);
    assertThat(props.batchPolicy().maxBatchDelay()).isEqualTo(Duration.ofMillis(25));
    assertThat(props.batchPolicy().queueCapacity()).isEqualTo(7);
    assertThat(props.options()).isEqualTo(Map.of("intraOpNumThreads", "1"));
  }

  @Test
  void aBadValueFailsTheLoadWithItsName() throws Exception {
    Files.writeString(dir.resolve("serving.properties"), "batch_size=eight\n");
    assertThatThrownBy(() -> ServingProperties.load(dir))
        .isInstanceOf(ModelLoadException.class)
        .hasMessage("serving.properties: batch_size must be a whole number, got 'eight'");
    Files.writeString(dir.resolve("serving.properties"), "job_queue_size=0\n");
    assertThatThrownBy(() -> ServingProperties.load(dir))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("queue capacity must be at least 1");
  }

  @Test
  void theRuntimesSpinningDefaultFillsInOnlyWhatTheModelLeftOut() throws Exception {
    ServingProperties silent = ServingProperties.defaults().withSpinningDefault(Spinning.AUTO);
    assertThat(silent.options()).isEqualTo(Map.of("allowSpinning", "auto"));

    Files.writeString(
        dir.resolve("serving.properties"),
        "batch_size=4\noption.allowSpinning=false\noption.intraOpNumThreads=1\n");
    ServingProperties chosen = ServingProperties.load(dir);
    assertThat(chosen.withSpinningDefault(Spinning.ON)).isEqualTo(chosen);
  }
}
