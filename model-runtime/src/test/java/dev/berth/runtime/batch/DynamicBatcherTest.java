package dev.berth.runtime.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DynamicBatcherTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final BatcherMetrics metrics = new BatcherMetrics(registry, Tags.of("model", "m"));
  private final List<List<Integer>> batches = new CopyOnWriteArrayList<>();
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
  }

  private DynamicBatcher<Integer, Integer> batcher(
      int batchSize, Duration delay, int capacity, BatchFunction<Integer, Integer> fn) {
    var batcher =
        new DynamicBatcher<>("m", new BatchPolicy(batchSize, delay, capacity), fn, metrics);
    toClose.add(batcher);
    return batcher;
  }

  private BatchFunction<Integer, Integer> doubling() {
    return inputs -> {
      batches.add(List.copyOf(inputs));
      return inputs.stream().map(i -> i * 2).toList();
    };
  }

  @Test
  void sixtyFourConcurrentCallersEachGetTheirOwnAnswerInBatchesOfAtMostEight() throws Exception {
    var batcher = batcher(8, Duration.ofMillis(50), 100, doubling());
    ExecutorService callers = Executors.newFixedThreadPool(64);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        int input = i;
        answers.add(
            callers.submit(
                () -> {
                  start.await();
                  return batcher.submit(input, "same").get(10, TimeUnit.SECONDS);
                }));
      }
      start.countDown();
      for (int i = 0; i < 64; i++) {
        assertThat(answers.get(i).get()).isEqualTo(i * 2);
      }
    } finally {
      callers.shutdownNow();
    }
    assertThat(batches).allSatisfy(b -> assertThat(b).hasSizeLessThanOrEqualTo(8));
    assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(64);
    assertThat(batches).anySatisfy(b -> assertThat(b).hasSizeGreaterThan(1));
    assertThat(registry.get("berth.runtime.batch.size").summary().max()).isGreaterThan(1);
    assertThat(registry.get("berth.runtime.queue.time").timer().count()).isEqualTo(64);
  }

  @Test
  void batchSizeOneRunsEveryJobAlone() throws Exception {
    var batcher = batcher(1, Duration.ofMillis(100), 100, doubling());
    List<CompletableFuture<Integer>> results = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      results.add(batcher.submit(i, "same"));
    }
    for (int i = 0; i < 10; i++) {
      assertThat(results.get(i).get(5, TimeUnit.SECONDS)).isEqualTo(i * 2);
    }
    assertThat(batches).allSatisfy(b -> assertThat(b).hasSize(1));
  }

  @Test
  void jobsWithDifferentStackKeysNeverShareABatch() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    var batcher =
        batcher(
            8,
            Duration.ofMillis(20),
            100,
            inputs -> {
              release.await();
              batches.add(List.copyOf(inputs));
              return inputs;
            });
    List<CompletableFuture<Integer>> results = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      results.add(batcher.submit(i, i % 2 == 0 ? "even" : "odd"));
    }
    release.countDown();
    for (int i = 0; i < 12; i++) {
      assertThat(results.get(i).get(5, TimeUnit.SECONDS)).isEqualTo(i);
    }
    assertThat(batches)
        .allSatisfy(b -> assertThat(b.stream().map(i -> i % 2).distinct().count()).isEqualTo(1));
  }

  @Test
  void aFullQueueRefusesAtOnceAndCountsTheRejection() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    var batcher =
        batcher(
            1,
            Duration.ZERO,
            2,
            inputs -> {
              release.await();
              return inputs;
            });
    CompletableFuture<Integer> running = batcher.submit(0, "k");
    await().until(() -> batcher.queueDepth() == 0); // the worker holds job 0
    CompletableFuture<Integer> first = batcher.submit(1, "k");
    CompletableFuture<Integer> second = batcher.submit(2, "k");

    assertThatThrownBy(() -> batcher.submit(3, "k"))
        .isInstanceOf(QueueFullException.class)
        .hasMessageContaining("2 jobs waiting");
    assertThat(registry.get("berth.runtime.rejections").counter().count()).isEqualTo(1);
    assertThat(registry.get("berth.runtime.queue.depth").gauge().value()).isEqualTo(2);

    release.countDown();
    assertThat(running.get(5, TimeUnit.SECONDS)).isZero();
    assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo(2);
  }

  @Test
  void aFailingBatchFailsEachOfItsJobs() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    var batcher =
        batcher(
            4,
            Duration.ofMillis(200),
            100,
            inputs -> {
              release.await();
              throw new IllegalStateException("boom");
            });
    List<CompletableFuture<Integer>> results = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      results.add(batcher.submit(i, "k"));
    }
    release.countDown();
    for (CompletableFuture<Integer> result : results) {
      assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasRootCauseMessage("boom");
    }
  }

  @Test
  void aBatchFunctionReturningTooFewOutputsFailsTheBatch() {
    var batcher = batcher(1, Duration.ZERO, 10, inputs -> List.of());
    assertThatThrownBy(() -> batcher.submit(1, "k").get(5, TimeUnit.SECONDS))
        .hasRootCauseInstanceOf(IllegalStateException.class)
        .hasMessageContaining("returned 0 outputs for 1 inputs");
  }

  @Test
  void closeRunsQueuedJobsThenRefusesNewOnes() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    var batcher =
        new DynamicBatcher<Integer, Integer>(
            "m",
            new BatchPolicy(1, Duration.ZERO, 10),
            inputs -> {
              release.await();
              return inputs;
            },
            metrics);
    List<CompletableFuture<Integer>> results = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      results.add(batcher.submit(i, "k"));
    }
    Thread closer = new Thread(batcher::close);
    closer.start();
    await()
        .untilAsserted(
            () ->
                assertThatThrownBy(() -> batcher.submit(9, "k"))
                    .isInstanceOf(BatcherClosedException.class));
    release.countDown();
    closer.join(5_000);
    assertThat(closer.isAlive()).isFalse();
    for (int i = 0; i < 3; i++) {
      assertThat(results.get(i).getNow(-1)).isEqualTo(i);
    }
  }

  @Test
  void aCancelledJobIsSkipped() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    var batcher =
        batcher(
            1,
            Duration.ZERO,
            10,
            inputs -> {
              release.await();
              batches.add(List.copyOf(inputs));
              return inputs;
            });
    CompletableFuture<Integer> running = batcher.submit(0, "k");
    CompletableFuture<Integer> cancelled = batcher.submit(1, "k");
    CompletableFuture<Integer> kept = batcher.submit(2, "k");
    cancelled.cancel(false);
    release.countDown();
    assertThat(kept.get(5, TimeUnit.SECONDS)).isEqualTo(2);
    assertThat(running.get(5, TimeUnit.SECONDS)).isZero();
    assertThat(batches).containsExactly(List.of(0), List.of(2));
  }

  @Test
  void anIdleWorkerRunsALoneJobAtOnceRatherThanWaitingForTheDelay() throws Exception {
    var batcher = batcher(32, Duration.ofSeconds(30), 100, doubling());
    long start = System.nanoTime();
    assertThat(batcher.submit(21, "k").get(5, TimeUnit.SECONDS)).isEqualTo(42);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(batches).containsExactly(List.of(21));
  }

  @Test
  void jobsQueuedDuringAForwardPassMakeUpTheNextBatchWithoutWaiting() throws Exception {
    CountDownLatch firstRunning = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    var batcher =
        batcher(
            8,
            Duration.ofSeconds(30),
            100,
            inputs -> {
              batches.add(List.copyOf(inputs));
              firstRunning.countDown();
              release.await();
              return inputs;
            });
    CompletableFuture<Integer> first = batcher.submit(0, "k");
    assertThat(firstRunning.await(5, TimeUnit.SECONDS)).isTrue();
    List<CompletableFuture<Integer>> next = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      next.add(batcher.submit(i, "k"));
    }
    release.countDown();
    assertThat(first.get(5, TimeUnit.SECONDS)).isZero();
    for (int i = 1; i <= 3; i++) {
      assertThat(next.get(i - 1).get(5, TimeUnit.SECONDS)).isEqualTo(i);
    }
    assertThat(batches).containsExactly(List.of(0), List.of(1, 2, 3));
  }

  @Test
  void aBatchWaitsForAnAnnouncedJobAndRunsWithIt() throws Exception {
    var batcher = batcher(4, Duration.ofSeconds(30), 100, doubling());
    ExpectedJob coming = batcher.expect();
    CompletableFuture<Integer> first = batcher.submit(1, "k");
    await()
        .during(Duration.ofMillis(200))
        .atMost(Duration.ofSeconds(2))
        .until(() -> !first.isDone());

    CompletableFuture<Integer> second = batcher.submit(2, "k", coming);

    assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(2);
    assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo(4);
    assertThat(batches).containsExactly(List.of(1, 2));
    assertThat(batcher.expectedJobs()).isZero();
  }

  @Test
  void aBatchWaitsForAnnouncedJobsNoLongerThanTheDelay() throws Exception {
    var batcher = batcher(4, Duration.ofMillis(150), 100, doubling());
    ExpectedJob neverSubmitted = batcher.expect();
    long start = System.nanoTime();
    assertThat(batcher.submit(1, "k").get(5, TimeUnit.SECONDS)).isEqualTo(2);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(140));
    assertThat(batches).containsExactly(List.of(1));
    neverSubmitted.close();
  }

  @Test
  void withdrawingTheLastAnnouncedJobRunsTheWaitingBatchAtOnce() throws Exception {
    var batcher = batcher(4, Duration.ofSeconds(30), 100, doubling());
    ExpectedJob coming = batcher.expect();
    CompletableFuture<Integer> first = batcher.submit(1, "k");
    await()
        .during(Duration.ofMillis(100))
        .atMost(Duration.ofSeconds(2))
        .until(() -> !first.isDone());

    coming.close();

    assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(2);
    assertThat(batcher.expectedJobs()).isZero();
    coming.close(); // a second close changes nothing
    assertThat(batcher.expectedJobs()).isZero();
  }

  @Test
  void anAnnouncedJobRefusedByAFullQueueIsNoLongerExpected() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    var batcher =
        batcher(
            1,
            Duration.ZERO,
            1,
            inputs -> {
              release.await();
              return inputs;
            });
    CompletableFuture<Integer> running = batcher.submit(0, "k");
    await().until(() -> batcher.queueDepth() == 0);
    CompletableFuture<Integer> queued = batcher.submit(1, "k");
    ExpectedJob refused = batcher.expect();

    assertThatThrownBy(() -> batcher.submit(2, "k", refused))
        .isInstanceOf(QueueFullException.class);

    assertThat(batcher.expectedJobs()).isZero();
    release.countDown();
    assertThat(running.get(5, TimeUnit.SECONDS)).isZero();
    assertThat(queued.get(5, TimeUnit.SECONDS)).isEqualTo(1);
  }
}
