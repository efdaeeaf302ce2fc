package dev.berth.controlplane.orchestrator.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.controlplane.orchestrator.local.PingAnswer.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import org.junit.jupiter.api.Test;

class PingAnswerTest {
  @Test
  void twoHundredIsReady() {
    assertThat(PingAnswer.of(200, "{\"status\":\"Healthy\"}"))
        .isEqualTo(new PingAnswer(Kind.READY, ""));
  }

  @Test
  void aModelLoadFailureCarriesTheRuntimesReason() {
    PingAnswer answer =
        PingAnswer.of(
            503,
            "{\"code\":503,\"type\":\"ModelLoadFailed\",\"message\":\"Could not download the model"
                + " artifact: no such file.\"}");

    assertThat(answer.kind()).isEqualTo(Kind.MODEL_FAILED);
    assertThat(answer.detail()).isEqualTo("Could not download the model artifact: no such file.");
  }

  @Test
  void loadingAndAnythingElseIsNotReadyYet() {
    assertThat(PingAnswer.of(503, "{\"code\":503,\"type\":\"Loading\",\"message\":\"…\"}"))
        .isEqualTo(new PingAnswer(Kind.NOT_READY, "The runtime is loading the model."));
    assertThat(PingAnswer.of(404, "not json").kind()).isEqualTo(Kind.NOT_READY);
    assertThat(PingAnswer.of(500, "[1, 2]").kind()).isEqualTo(Kind.NOT_READY);
    assertThat(PingAnswer.of(503, "").detail())
        .isEqualTo("The runtime answered GET /ping with 503.");
  }

  @Test
  void noAnswerIsNotReadyAndSaysWhy() {
    assertThat(PingAnswer.unreachable(new IOException("x", new ConnectException("refused"))))
        .isEqualTo(
            new PingAnswer(
                Kind.NOT_READY, "The runtime does not answer GET /ping: it is not listening yet."));
    assertThat(PingAnswer.unreachable(new HttpTimeoutException("slow")).detail())
        .endsWith("it did not answer in time.");
  }
}
