package dev.berth.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.runtime.mme.ModelCacheSetting;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How {@link SageMakerEnvironment} turns on multi-model mode and sizes its cache. */
class MultiModelEnvironmentTest {
  private static final SageMakerEnvironment.Flags NO_FLAGS =
      new SageMakerEnvironment.Flags(null, null, null, null);

  @Test
  void aRuntimeServesOneModelUnlessToldOtherwise() {
    RuntimeConfig config = SageMakerEnvironment.resolve(Map.of(), NO_FLAGS);

    assertThat(config.multiModel()).isFalse();
    assertThat(config.modelRoot()).isNull();
  }

  @Test
  void sageMakersVariableTurnsOnMultiModelModeWithTheModelDataUrlAsRoot() {
    RuntimeConfig config =
        SageMakerEnvironment.resolve(
            Map.of("SAGEMAKER_MULTI_MODEL", "true", "BERTH_MODEL_DATA_URL", "s3://models/mme/"),
            NO_FLAGS);

    assertThat(config.multiModel()).isTrue();
    assertThat(config.modelRoot()).isEqualTo("s3://models/mme/");
    assertThat(config.modelCache()).isEqualTo(ModelCacheSetting.ENABLED);
    assertThat(config.modelMemory().bytes()).isPositive();
  }

  @Test
  void berthsVariablesSetTheBudgetAndTheCacheSettingWithTheModelDirAsRoot() {
    RuntimeConfig config =
        SageMakerEnvironment.resolve(
            Map.of(
                "BERTH_MULTI_MODEL", "TRUE",
                "BERTH_MME_MEMORY_BYTES", "1048576",
                "BERTH_MME_FOOTPRINT_FACTOR", "2.5",
                "BERTH_MME_CACHE", "Disabled"),
            new SageMakerEnvironment.Flags(null, Path.of("/opt/ml/models"), null, null));

    assertThat(config.modelRoot()).isEqualTo("/opt/ml/models");
    assertThat(config.modelMemory().bytes()).isEqualTo(1048576);
    assertThat(config.modelMemory().footprintFactor()).isEqualTo(2.5);
    assertThat(config.modelCache()).isEqualTo(ModelCacheSetting.DISABLED);
  }

  @Test
  void theMultiModelFlagTurnsItOnToo() {
    RuntimeConfig config =
        SageMakerEnvironment.resolve(
            Map.of(), new SageMakerEnvironment.Flags(null, null, null, null, true));

    assertThat(config.multiModel()).isTrue();
    assertThat(config.modelRoot()).isEqualTo("/opt/ml/model");
  }

  @Test
  void aBadBudgetOrCacheSettingIsRefusedByName() {
    assertThatThrownBy(
            () ->
                SageMakerEnvironment.resolve(
                    Map.of("BERTH_MULTI_MODEL", "true", "BERTH_MME_MEMORY_BYTES", "lots"),
                    NO_FLAGS))
        .hasMessageContaining("BERTH_MME_MEMORY_BYTES");
    assertThatThrownBy(
            () ->
                SageMakerEnvironment.resolve(
                    Map.of("BERTH_MULTI_MODEL", "true", "BERTH_MME_CACHE", "Sometimes"), NO_FLAGS))
        .hasMessageContaining("Enabled or Disabled");
  }
}
