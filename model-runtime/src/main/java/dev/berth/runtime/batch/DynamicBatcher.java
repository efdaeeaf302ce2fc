package dev.berth.runtime.batch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups concurrent jobs into batches and runs each batch on one worker thread. Knows nothing of
 * HTTP or of engines: a job is an input, a <em>stack key</em> and a future.
 *
 * <p>A batch holds up to {@link BatchPolicy#batchSize()} jobs that share a stack key (for tensors:
 * their shapes without the batch dimension, and their types). It takes the jobs already queued and
 * runs at once: a worker that is idle does not wait for jobs that may never come, and jobs that
 * arrive during a forward pass make up the next batch. It waits only for jobs announced with {@link
 * #expect()} and not yet submitted, and then at most {@link BatchPolicy#maxBatchDelay()} after its
 * first job arrived. Jobs with another key wait for a later batch, in arrival order. At most {@link
 * BatchPolicy#queueCapacity()} jobs wait at a time; one more is refused at once with {@link
 * QueueFullException} and counted.
 *
 * <p>Futures are completed on the worker thread: callers should hand heavy continuations to their
 * own executor so that the next batch is not delayed. A future cancelled before its batch runs is
 * skipped.
 *
 * <p>Usage:
 *
 * <pre>{@code
 * try (var batcher = new DynamicBatcher<>("mlp", policy, inputs -> run(inputs), metrics)) {
 *   CompletableFuture<Out> result = batcher.submit(input, stackKeyOf(input));
 * }
 * }</pre>
 *
 * @param <I> one job's input
 * @param <O> one job's output
 */
public final class DynamicBatcher<I, O> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DynamicBatcher.class);
  private static final long IDLE_POLL_MILLIS = 50;

  private final String name;
  private final BatchPolicy policy;
  private final BatchFunction<I, O> function;
  private final BatcherMetrics metrics;
  // Unbounded on purpose: admission is bounded by `waiting`, which also counts jobs the worker
  // has taken off the queue but set aside for a later batch because their key differed.
  private final LinkedBlockingQueue<Job<I, O>> queue = new LinkedBlockingQueue<>();
  private final ArrayDeque<Job<I, O>> setAside = new ArrayDeque<>();
  private final AtomicInteger waiting = new AtomicInteger();
  // Jobs announced with expect() and neither submitted nor withdrawn yet.
  private final AtomicInteger expected = new AtomicInteger();
  // Queued to wake a worker that waits for announced jobs once the last one is withdrawn.
  private final Job<I, O> wakeUp = new Job<>(null, new Object(), 0, null, null);
  private final Object admission = new Object();
  private final Thread worker;
  private volatile boolean closed;

  /** One job; {@code announced} is its announcement while that counts it as expected, or null. */
  private record Job<I, O>(
      I input,
      Object stackKey,
      long enqueuedNanos,
      CompletableFuture<O> result,
      ExpectedJob announced) {}

  /**
   * Starts the worker thread.
   *
   * @param name names the worker thread and the messages of rejections, e.g. the model name
   */
  public DynamicBatcher(
      String name, BatchPolicy policy, BatchFunction<I, O> function, BatcherMetrics metrics) {
    this.name = Objects.requireNonNull(name, "name");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.function = Objects.requireNonNull(function, "function");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    metrics.watchQueueDepth(waiting::get);
    this.worker = new Thread(this::work, "berth-batcher-" + name);
    // A forgotten close() must not keep the JVM alive.
    worker.setDaemon(true);
    worker.start();
  }

  /**
   * Queues one job.
   *
   * @param stackKey jobs run together only when their keys are equal
   * @return the job's own output, or its batch's failure
   * @throws QueueFullException at once when {@code queueCapacity} jobs are already waiting
   * @throws BatcherClosedException after {@link #close()} began
   */
  public CompletableFuture<O> submit(I input, Object stackKey) {
    return enqueue(input, stackKey, null);
  }

  /**
   * Announces a job that will be submitted soon, so that a batch forming meanwhile waits for it;
   * see {@link ExpectedJob}.
   */
  public ExpectedJob expect() {
    return new ExpectedJob(expected, () -> queue.add(wakeUp));
  }

  /**
   * Queues a job announced with {@link #expect()}, ending its announcement whatever happens.
   *
   * @see #submit(Object, Object)
   */
  public CompletableFuture<O> submit(I input, Object stackKey, ExpectedJob announced) {
    Objects.requireNonNull(announced, "announced");
    try {
      return enqueue(input, stackKey, announced);
    } catch (RuntimeException e) {
      announced.close();
      throw e;
    }
  }

  private CompletableFuture<O> enqueue(I input, Object stackKey, ExpectedJob announced) {
    Objects.requireNonNull(stackKey, "stackKey");
    CompletableFuture<O> result = new CompletableFuture<>();
    // One lock orders admission against close(), so no job lands after the worker's last look.
    synchronized (admission) {
      if (closed) {
        throw new BatcherClosedException(name);
      }
      if (waiting.get() >= policy.queueCapacity()) {
        metrics.rejected();
        throw new QueueFullException(name, policy.queueCapacity());
      }
      waiting.incrementAndGet();
      // The announcement goes with the job and ends when the worker takes it off the queue.
      ExpectedJob counted = announced != null && announced.submitted() ? announced : null;
      queue.add(new Job<>(input, stackKey, System.nanoTime(), result, counted));
    }
    return result;
  }

  /**
   * The number of jobs announced with {@link #expect()}, neither withdrawn nor taken by the worker
   * yet.
   */
  public int expectedJobs() {
    return expected.get();
  }

  /** The number of jobs waiting to run (not counting the batch running now). */
  public int queueDepth() {
    return waiting.get();
  }

  /** The policy this batcher was started with. */
  public BatchPolicy policy() {
    return policy;
  }

  /**
   * Stops taking jobs, runs every job already queued, then stops the worker. Blocks until the
   * worker is done.
   */
  @Override
  public void close() {
    synchronized (admission) {
      closed = true;
    }
    try {
      worker.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      metrics.remove();
    }
  }

  private void work() {
    try {
      while (true) {
        Job<I, O> first = nextFirst();
        if (first == null) {
          if (drained()) {
            return;
          }
          continue;
        }
        run(collect(first));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failRemaining(e);
    }
  }

  private boolean drained() {
    synchronized (admission) {
      return closed && queue.isEmpty() && setAside.isEmpty();
    }
  }

  /** The oldest job set aside earlier, else the next one queued; null after an idle poll. */
  private Job<I, O> nextFirst() throws InterruptedException {
    Job<I, O> first = setAside.pollFirst();
    if (first != null) {
      return first;
    }
    Job<I, O> next = taken(queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS));
    return next == wakeUp ? null : next;
  }

  /** {@code job}, just taken off the queue (or null): no longer expected from now on. */
  private Job<I, O> taken(Job<I, O> job) {
    if (job != null && job.announced() != null) {
      job.announced().taken();
    }
    return job;
  }

  /**
   * Fills a batch with jobs of {@code first}'s key: those queued already, then, while jobs are
   * announced, those that arrive until the batch is full or its delay is up.
   */
  private List<Job<I, O>> collect(Job<I, O> first) throws InterruptedException {
    List<Job<I, O>> batch = new ArrayList<>(policy.batchSize());
    batch.add(first);
    for (Iterator<Job<I, O>> it = setAside.iterator();
        it.hasNext() && batch.size() < policy.batchSize(); ) {
      Job<I, O> job = it.next();
      if (job.stackKey().equals(first.stackKey())) {
        batch.add(job);
        it.remove();
      }
    }
    long deadline = first.enqueuedNanos() + policy.maxBatchDelay().toNanos();
    while (batch.size() < policy.batchSize()) {
      Job<I, O> next = taken(queue.poll());
      if (next == null) {
        // Nothing queued: wait only for jobs known to be on their way, never past the deadline.
        long remaining = deadline - System.nanoTime();
        if (expected.get() == 0 || remaining <= 0) {
          break;
        }
        next = taken(queue.poll(remaining, TimeUnit.NANOSECONDS));
        if (next == null) {
          break;
        }
      }
      if (next == wakeUp) {
        continue; // an announced job was withdrawn: look again at what is still expected
      }
      if (next.stackKey().equals(first.stackKey())) {
        batch.add(next);
      } else {
        setAside.addLast(next);
      }
    }
    return batch;
  }

  private void run(List<Job<I, O>> batch) {
    waiting.addAndGet(-batch.size());
    long start = System.nanoTime();
    List<Job<I, O>> live = new ArrayList<>(batch.size());
    for (Job<I, O> job : batch) {
      // A caller that gave up (timed out, cancelled) does not need its forward pass.
      if (!job.result().isDone()) {
        metrics.waited(start - job.enqueuedNanos());
        live.add(job);
      }
    }
    if (live.isEmpty()) {
      return;
    }
    List<I> inputs = new ArrayList<>(live.size());
    for (Job<I, O> job : live) {
      inputs.add(job.input());
    }
    List<O> outputs;
    try {
      outputs = function.apply(inputs);
      if (outputs == null || outputs.size() != live.size()) {
        throw new IllegalStateException(
            "the batch function returned "
                + (outputs == null ? "null" : outputs.size() + " outputs")
                + " for "
                + live.size()
                + " inputs");
      }
    } catch (Throwable t) { // every job must hear back, whatever the batch threw
      LOG.debug("batch of {} failed on {}", live.size(), name, t);
      metrics.batchRan(live.size(), System.nanoTime() - start);
      live.forEach(job -> job.result().completeExceptionally(t));
      if (t instanceof VirtualMachineError error) {
        throw error;
      }
      return;
    }
    metrics.batchRan(live.size(), System.nanoTime() - start);
    for (int i = 0; i < live.size(); i++) {
      live.get(i).result().complete(outputs.get(i));
    }
  }

  private void failRemaining(Throwable cause) {
    Job<I, O> job;
    while ((job = setAside.poll()) != null || (job = taken(queue.poll())) != null) {
      if (job != wakeUp) {
        job.result().completeExceptionally(cause);
      }
    }
  }
}
