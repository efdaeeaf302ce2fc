package dev.berth.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RuntimeStartLogTest {
  @Test
  void aStartIsReadFromTheOrchestratorLineAndTheRuntimeLines() {
    var start =
        RuntimeStartLog.parse(
                List.of(
                    "--- 2026-11-27T21:41:52.100Z Berth starts i0 on port 40123",
                    "2026-11-27T21:41:54.868Z [main] INFO RuntimeServer - Runtime listening on"
                        + " 127.0.0.1:40123 (model loading, epoll)",
                    "Berth runtime listening on port 40123",
                    "2026-11-27T21:41:58.453Z [vert.x-eventloop-thread-0] INFO RuntimeServer -"
                        + " Model ready in 3583 ms: inputs [input [-1, 256] FLOAT32]"))
            .orElseThrow();

    assertThat(start.listeningMillis()).isEqualTo(2768);
    assertThat(start.readyMillis()).isEqualTo(6353);
  }

  @Test
  void onlyTheLastStartCounts() {
    var start =
        RuntimeStartLog.parse(
                List.of(
                    "--- 2026-11-27T10:00:00Z Berth starts i0 on port 1",
                    "2026-11-27T10:00:01Z [main] INFO RuntimeServer - Runtime listening on x",
                    "2026-11-27T10:00:02Z [main] INFO RuntimeServer - Model ready in 1 ms",
                    "--- 2026-11-27T10:01:00Z Berth starts i0 on port 2 (restart 1)",
                    "2026-11-27T10:01:03Z [main] INFO RuntimeServer - Runtime listening on x"))
            .orElseThrow();

    assertThat(start.listeningMillis()).isEqualTo(3000);
    assertThat(start.readyMillis()).isNull();
  }

  @Test
  void aLogWithoutAStartIsNone() {
    assertThat(RuntimeStartLog.parse(List.of("2026-11-27T10:00:01Z Model ready in 1 ms")))
        .isEmpty();
  }
}
