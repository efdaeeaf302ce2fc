package dev.berth.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.runtime.engine.Spinning;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How {@link SageMakerEnvironment} picks the runtime's default for ONNX Runtime's spinning. */
class EngineSpinningEnvironmentTest {
  private static final SageMakerEnvironment.Flags NO_FLAGS =
      new SageMakerEnvironment.Flags(null, null, null, null);

  @Test
  void oneModelDecidesByItsPassAndManyModelsSleep() {
    assertThat(SageMakerEnvironment.resolve(Map.of(), NO_FLAGS).engineSpinning())
        .isEqualTo(Spinning.AUTO);
    assertThat(
            SageMakerEnvironment.resolve(Map.of("SAGEMAKER_MULTI_MODEL", "true"), NO_FLAGS)
                .engineSpinning())
        .isEqualTo(Spinning.OFF);
  }

  @Test
  void berthAllowSpinningWinsInEitherMode() {
    assertThat(
            SageMakerEnvironment.resolve(Map.of("BERTH_ALLOW_SPINNING", " False "), NO_FLAGS)
                .engineSpinning())
        .isEqualTo(Spinning.OFF);
    assertThat(
            SageMakerEnvironment.resolve(
                    Map.of("BERTH_ALLOW_SPINNING", "auto", "BERTH_MULTI_MODEL", "true"), NO_FLAGS)
                .engineSpinning())
        .isEqualTo(Spinning.AUTO);
    assertThat(
            SageMakerEnvironment.resolve(Map.of("BERTH_ALLOW_SPINNING", ""), NO_FLAGS)
                .engineSpinning())
        .isEqualTo(Spinning.AUTO);
  }

  @Test
  void aBadValueIsRefusedWithTheThreeThatWork() {
    assertThatThrownBy(
            () -> SageMakerEnvironment.resolve(Map.of("BERTH_ALLOW_SPINNING", "yes"), NO_FLAGS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("BERTH_ALLOW_SPINNING must be true, false or auto, not 'yes'.");
  }
}
