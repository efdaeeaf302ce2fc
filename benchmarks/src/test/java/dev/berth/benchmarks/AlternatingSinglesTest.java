package dev.berth.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AlternatingSinglesTest {
  private final Vertx vertx = Vertx.vertx();
  private final List<String> calls = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void close() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  @Test
  void targetsTakeTurnsOneRequestAtATimeAndEachRoundStartsOneFurtherOn() throws Exception {
    TimedTarget a = new TimedTarget("a", 1);
    TimedTarget b = new TimedTarget("b", 1);

    new AlternatingSingles(
            List.of(leg(a), leg(b)),
            Duration.ZERO,
            Duration.ofMillis(150),
            2,
            Duration.ZERO,
            Duration.ZERO,
            line -> {})
        .run();

    assertThat(calls).hasSizeGreaterThanOrEqualTo(8);
    assertThat(calls.subList(0, 8)).containsExactly("a", "a", "b", "b", "b", "b", "a", "a");
    assertThat(a.maxInFlight).isEqualTo(1);
  }

  @Test
  void eachLegGetsItsOwnLatenciesAndTheWarmupIsNotRecorded() throws Exception {
    TimedTarget fast = new TimedTarget("fast", 2);
    TimedTarget slow = new TimedTarget("slow", 12);

    List<Measurement> measured =
        new AlternatingSingles(
                List.of(leg(fast), leg(slow)),
                Duration.ofMillis(200),
                Duration.ofMillis(400),
                3,
                Duration.ofMillis(5),
                Duration.ofMillis(1),
                line -> {})
            .run();

    long sentInAll = calls.size();
    long recorded = measured.get(0).requests() + measured.get(1).requests();
    assertThat(recorded).isPositive().isLessThan(sentInAll);
    assertThat(p50Millis(measured.get(0))).isBetween(2.0, 11.0);
    assertThat(p50Millis(measured.get(1))).isGreaterThanOrEqualTo(12.0);
    assertThat(measured.get(0).errors()).isEmpty();
    assertThat(measured.get(0).okAnswers()).isEqualTo(measured.get(0).requests());
  }

  private static double p50Millis(Measurement measurement) {
    return measurement.latency().getValueAtPercentile(50) / 1000.0;
  }

  private AlternatingSingles.Leg leg(TimedTarget target) {
    return new AlternatingSingles.Leg(
        target.name,
        target,
        new LoadRequest("/", MultiMap.caseInsensitiveMultiMap(), Buffer.buffer("x")));
  }

  /** Answers every request after a fixed time, and notes who was called and how many at once. */
  private final class TimedTarget implements LoadTarget {
    private final String name;
    private final long millis;
    private final Context context = vertx.getOrCreateContext();
    private int inFlight;
    private int maxInFlight;

    TimedTarget(String name, long millis) {
      this.name = name;
      this.millis = millis;
    }

    @Override
    public Context context() {
      return context;
    }

    @Override
    public Vertx vertx() {
      return vertx;
    }

    @Override
    public void send(LoadRequest request, Consumer<LoadClient.Answer> done) {
      calls.add(name);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      long sent = System.nanoTime();
      vertx.setTimer(
          millis,
          id -> {
            inFlight--;
            done.accept(new LoadClient.Answer(sent, System.nanoTime(), null, 200));
          });
    }

    @Override
    public void close() {}
  }
}
