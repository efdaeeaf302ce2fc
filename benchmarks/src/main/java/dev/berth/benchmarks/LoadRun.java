package dev.berth.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One load run: a warmup whose answers are dropped, a measured window, then a drain that waits for
 * every request started in the window to be answered (or time out), so a slow tail is never cut
 * off. Subclasses decide when to send: {@link ClosedLoopLoad} and {@link OpenLoopLoad}.
 *
 * <p>Everything runs on the {@link LoadTarget}'s one event loop; {@link #run()} blocks the caller
 * until the drain is over.
 */
public abstract class LoadRun {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  protected final LoadTarget target;
  private final LoadRequest.Source source;
  private final Duration warmup;
  private final Duration duration;
  private final Consumer<String> progress;
  private final Measurement measured = new Measurement();
  private final Measurement lastSecond = new Measurement();
  private final CompletableFuture<Measurement> finished = new CompletableFuture<>();
  private final List<Measurement.Second> series = new ArrayList<>();

  /** When the run started, the window opens and closes ({@link System#nanoTime()}). */
  protected long startedAt;

  protected long measureFrom;
  protected long measureUntil;
  private int outstanding;
  private boolean sending = true;
  private long progressTimer;
  private long cpuAtWindowStart;
  private long wallAtWindowStart;
  private long loopCpuAtWindowStart;
  private long lastSecondAt;

  protected LoadRun(
      LoadTarget target,
      LoadRequest.Source source,
      Duration warmup,
      Duration duration,
      Consumer<String> progress) {
    this.target = target;
    this.source = source;
    this.warmup = warmup;
    this.duration = duration;
    this.progress = progress;
  }

  /** Runs the load and returns what the measured window recorded. */
  public Measurement run() {
    target.context().runOnContext(ignored -> start());
    return finished.join();
  }

  /** Starts sending; called once on the event loop once the timeline is set. */
  protected abstract void begin();

  /** Called after each answer has been recorded. */
  protected void answered() {}

  /** Requests sent and not yet answered. */
  protected final int outstanding() {
    return outstanding;
  }

  /** Sends the source's next request, whose latency counts from {@code startNanos}. */
  protected final void send(long startNanos) {
    outstanding++;
    target.send(
        source.next(),
        answer -> {
          outstanding--;
          lastSecond.record(startNanos, answer);
          if (answer.errorCode() == null) {
            lastSecond.countOkAnswer();
          }
          if (inWindow(startNanos)) {
            measured.record(startNanos, answer);
          }
          if (answer.errorCode() == null && inWindow(answer.answeredNanos())) {
            measured.countOkAnswer();
          }
          answered();
          finishIfDrained();
        });
  }

  /** Counts a request due at {@code startNanos} that the generator could not send. */
  protected final void refuse(long startNanos, String code) {
    lastSecond.refuse(code);
    if (inWindow(startNanos)) {
      measured.refuse(code);
    }
  }

  /** No more requests will be sent; the run ends once the outstanding ones are answered. */
  protected final void stopSending() {
    sending = false;
    finishIfDrained();
  }

  protected final boolean sending() {
    return sending;
  }

  private void start() {
    startedAt = System.nanoTime();
    measureFrom = startedAt + warmup.toNanos();
    measureUntil = measureFrom + duration.toNanos();
    progressTimer = target.vertx().setPeriodic(1000, ignored -> reportSecond());
    // The generator's own CPU from the window's start to the end of the drain, JIT warm-up
    // excluded: what it took from the server while being measured.
    cpuAtWindowStart = ProcessCpu.nanos();
    wallAtWindowStart = System.nanoTime();
    loopCpuAtWindowStart = loopCpu();
    lastSecondAt = startedAt;
    if (!warmup.isZero()) {
      target
          .vertx()
          .setTimer(
              warmup.toMillis(),
              ignored -> {
                cpuAtWindowStart = ProcessCpu.nanos();
                wallAtWindowStart = System.nanoTime();
                loopCpuAtWindowStart = loopCpu();
              });
    }
    begin();
  }

  private boolean inWindow(long nanos) {
    return nanos >= measureFrom && nanos < measureUntil;
  }

  private void finishIfDrained() {
    if (!sending && outstanding == 0 && !finished.isDone()) {
      target.vertx().cancelTimer(progressTimer);
      measured.generatorCores(
          (ProcessCpu.nanos() - cpuAtWindowStart)
              / (double) Math.max(1, System.nanoTime() - wallAtWindowStart));
      measured.loopCpuNanos(Math.max(0, loopCpu() - loopCpuAtWindowStart));
      if (lastSecond.requests() > 0) {
        // The drain's last, partial second.
        recordSecond(System.nanoTime());
      }
      measured.series(series);
      finished.complete(measured);
    }
  }

  private void reportSecond() {
    Measurement.Second second = recordSecond(System.nanoTime());
    progress.accept(
        String.format(
            Locale.ROOT,
            "  %3.0fs %-7s %8.0f req/s  p50 %8.2f ms  p99 %8.2f ms  max %8.2f ms  errors %.0f/s"
                + "  in flight %d",
            second.elapsedSeconds(),
            second.phase(),
            second.answersPerSecond(),
            second.p50Millis(),
            second.p99Millis(),
            second.maxMillis(),
            second.errorsPerSecond(),
            second.inFlight()));
  }

  /** Closes the second that ends at {@code now}: adds it to the series and starts the next. */
  private Measurement.Second recordSecond(long now) {
    double seconds = Math.max(1, now - lastSecondAt) / (double) NANOS_PER_SECOND;
    // The phase the second that just ended was mostly in.
    long middle = now - (now - lastSecondAt) / 2;
    String phase = middle < measureFrom ? "warmup" : middle < measureUntil ? "measure" : "drain";
    var latency = lastSecond.latency();
    Measurement.Second second =
        new Measurement.Second(
            (now - startedAt) / (double) NANOS_PER_SECOND,
            phase,
            latency.getTotalCount() / seconds,
            lastSecond.okAnswers() / seconds,
            lastSecond.errorCount() / seconds,
            latency.getValueAtPercentile(50) / 1000.0,
            latency.getValueAtPercentile(90) / 1000.0,
            latency.getValueAtPercentile(99) / 1000.0,
            latency.getMaxValue() / 1000.0,
            outstanding);
    series.add(second);
    lastSecond.reset();
    lastSecondAt = now;
    return second;
  }

  private static long loopCpu() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : 0;
  }
}
