package dev.berth.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpinChoiceTest {
  @Test
  void sleepingIsTheDefaultAndNothingIsMeasured() throws Exception {
    SpinChoice choice = SpinChoice.of(Map.of());

    assertThat(choice.mode()).isEqualTo(Spinning.OFF);
    assertThat(choice.spinsUnmeasured()).isFalse();
    assertThat(choice.measures(EngineKind.ONNX_RUNTIME, true)).isFalse();
  }

  @Test
  void autoMeasuresOnlyOnnxRuntimeOnTheCpu() throws Exception {
    SpinChoice choice = SpinChoice.of(Map.of("allowSpinning", "auto"));

    assertThat(choice.mode()).isEqualTo(Spinning.AUTO);
    assertThat(choice.minPass()).isEqualTo(Duration.ofMillis(2));
    assertThat(choice.spinsUnmeasured()).isFalse();
    assertThat(choice.measures(EngineKind.ONNX_RUNTIME, true)).isTrue();
    assertThat(choice.measures(EngineKind.ONNX_RUNTIME, false)).isFalse();
    assertThat(choice.measures(EngineKind.PYTORCH, true)).isFalse();
  }

  @Test
  void aPassAsLongAsTheMinimumSpinsAShorterOneSleeps() throws Exception {
    SpinChoice choice = SpinChoice.of(Map.of("spinningMinPassMillis", "2.5"));

    assertThat(choice.spinsAfter(Duration.ofMillis(11))).isTrue();
    assertThat(choice.spinsAfter(Duration.ofNanos(2_500_000))).isTrue();
    assertThat(choice.spinsAfter(Duration.ofNanos(2_499_999))).isFalse();
    assertThat(choice.spinsAfter(Duration.ofNanos(120_000))).isFalse();
  }

  @Test
  void anExplicitChoiceIsNotMeasured() throws Exception {
    assertThat(SpinChoice.of(Map.of("allowSpinning", "TRUE")).spinsUnmeasured()).isTrue();
    assertThat(
            SpinChoice.of(Map.of("allowSpinning", "true")).measures(EngineKind.ONNX_RUNTIME, true))
        .isFalse();
    assertThat(SpinChoice.of(Map.of("allowSpinning", "false")).spinsUnmeasured()).isFalse();
    assertThat(
            SpinChoice.of(Map.of("allowSpinning", "false")).measures(EngineKind.ONNX_RUNTIME, true))
        .isFalse();
  }

  @Test
  void badValuesAreRefusedWithWhatIsAccepted() {
    assertThatThrownBy(() -> SpinChoice.of(Map.of("allowSpinning", "1")))
        .isInstanceOf(ModelLoadException.class)
        .hasMessage("option.allowSpinning must be true, false or auto, not '1'.");
    for (String millis : new String[] {"-1", "soon", "NaN", "Infinity"}) {
      assertThatThrownBy(() -> SpinChoice.of(Map.of("spinningMinPassMillis", millis)))
          .isInstanceOf(ModelLoadException.class)
          .hasMessage(
              "option.spinningMinPassMillis must be a number of milliseconds, 0 or more, not '"
                  + millis
                  + "'.");
    }
  }

  @Test
  void theResolvedOptionsCarryTheDecisionAndNotTheMinimum() {
    Map<String, String> resolved =
        SpinChoice.resolved(
            Map.of("allowSpinning", "auto", "spinningMinPassMillis", "3", "intraOpNumThreads", "2"),
            true);

    assertThat(resolved)
        .containsEntry("allowSpinning", "true")
        .containsEntry("intraOpNumThreads", "2")
        .doesNotContainKey("spinningMinPassMillis");
  }
}
