package dev.berth.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Single requests, one at a time, to several targets in turn: a few to the first, a few to the
 * next, round and round, with a pause between turns. Targets compared this way share the machine's
 * slow spells: on the shared 2-core machine the raw ResNet-18 engine alone gave a p50 of 28.4, 48.2
 * and 31.2 ms in three runs a minute apart, so runs one after the other cannot resolve a 10 %
 * difference.
 *
 * <p>The pause lets the engine threads of the target that just ran go idle (ONNX Runtime's spin
 * after a pass by default) before the next target's first request. Within a turn, each request
 * waits a think time after the previous answer, alike for every target: a served request always has
 * a gap before it (the answer travels back, the next request comes in), so an in-process engine
 * called back to back would be measured with its threads and caches hotter than any single request
 * finds them.
 *
 * <p>Usage: {@code List<Measurement> m = new AlternatingSingles(legs, warmup, duration, 5, pause,
 * System.err::println).run();}
 */
final class AlternatingSingles {
  private static final long ANSWER_TIMEOUT_SECONDS = 120;

  /** One target and the request it gets. */
  record Leg(String label, LoadTarget target, LoadRequest request) {}

  private final List<Leg> legs;
  private final Duration warmup;
  private final Duration duration;
  private final int perTurn;
  private final Duration pause;
  private final Duration thinkTime;
  private final Consumer<String> progress;

  /**
   * @param legs the targets, in the order of the first round; each round starts one further on
   * @param warmup time at the start whose answers are not recorded
   * @param duration measured time, shared by all legs
   * @param perTurn requests a leg sends per turn
   * @param pause idle time before each turn
   * @param thinkTime idle time between an answer and the next request within a turn
   */
  AlternatingSingles(
      List<Leg> legs,
      Duration warmup,
      Duration duration,
      int perTurn,
      Duration pause,
      Duration thinkTime,
      Consumer<String> progress) {
    if (legs.isEmpty() || perTurn < 1) {
      throw new IllegalArgumentException("needs at least one leg and one request per turn");
    }
    this.legs = List.copyOf(legs);
    this.warmup = warmup;
    this.duration = duration;
    this.perTurn = perTurn;
    this.pause = pause;
    this.thinkTime = thinkTime;
    this.progress = progress;
  }

  /** Runs the rounds; one measurement per leg, in the legs' order. */
  List<Measurement> run() throws InterruptedException {
    List<Measurement> measurements = new ArrayList<>();
    legs.forEach(leg -> measurements.add(new Measurement()));
    long start = System.nanoTime();
    long measureFrom = start + warmup.toNanos();
    long end = measureFrom + duration.toNanos();
    int round = 0;
    while (System.nanoTime() < end) {
      for (int i = 0; i < legs.size(); i++) {
        int index = (round + i) % legs.size();
        sleep(pause);
        for (int n = 0; n < perTurn; n++) {
          if (n > 0) {
            sleep(thinkTime);
          }
          long sent = System.nanoTime();
          LoadClient.Answer answer = send(legs.get(index));
          if (sent >= measureFrom && sent < end) {
            measurements.get(index).record(sent, answer);
            if (answer.errorCode() == null) {
              measurements.get(index).countOkAnswer();
            }
          }
        }
      }
      round++;
      if (round % 10 == 0) {
        progress.accept(
            String.format(
                "  round %d, %s", round, System.nanoTime() < measureFrom ? "warmup" : "measure"));
      }
    }
    return measurements;
  }

  private static void sleep(Duration time) throws InterruptedException {
    if (!time.isZero()) {
      Thread.sleep(time.toMillis(), time.toNanosPart() % 1_000_000);
    }
  }

  private static LoadClient.Answer send(Leg leg) throws InterruptedException {
    CompletableFuture<LoadClient.Answer> answered = new CompletableFuture<>();
    leg.target().context().runOnContext(v -> leg.target().send(leg.request(), answered::complete));
    try {
      return answered.get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      long now = System.nanoTime();
      return new LoadClient.Answer(
          now, now, "NoAnswer:" + e.getClass().getSimpleName(), LoadClient.Answer.NO_ANSWER);
    }
  }
}
