package dev.berth.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtSession;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Session options as ONNX Runtime itself holds them (its native library, no model). */
class OrtSessionSettingsIT {

  @Test
  void spinningIsOffUnlessAsked() throws Exception {
    try (OrtSession.SessionOptions session = OrtSessionSettings.sessionOptions(Map.of())) {
      assertThat(session.getConfigEntries())
          .containsEntry("session.intra_op.allow_spinning", "0")
          .containsEntry("session.inter_op.allow_spinning", "0");
    }
  }

  @Test
  void allowSpinningTurnsItBackOn() throws Exception {
    try (OrtSession.SessionOptions session =
        OrtSessionSettings.sessionOptions(Map.of("allowSpinning", "true"))) {
      assertThat(session.getConfigEntries())
          .containsEntry("session.intra_op.allow_spinning", "1")
          .containsEntry("session.inter_op.allow_spinning", "1");
    }
  }

  @Test
  void ortConfigOptionsBecomeSessionConfigEntriesAndOthersDoNot() throws Exception {
    try (OrtSession.SessionOptions session =
        OrtSessionSettings.sessionOptions(
            Map.of(
                "allowSpinning", "true",
                "ortConfig.session.force_spinning_stop", "1",
                "intraOpNumThreads", "2"))) {
      assertThat(session.getConfigEntries())
          .containsEntry("session.force_spinning_stop", "1")
          .doesNotContainKey("intraOpNumThreads")
          .hasSize(3);
    }
  }
}
