package dev.berth.benchmarks;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Latencies and error counts of the requests a load run started in one window. Used on the
 * generator's event loop only, so it is a plain {@link Histogram} rather than a {@code Recorder}.
 */
public final class Measurement {
  private static final int SIGNIFICANT_DIGITS = 3;

  /** The {@link #errorsByStatus()} key of failed requests that got no HTTP answer. */
  public static final String NO_ANSWER = "no answer";

  /** The {@link #errorsByStatus()} key of requests the generator did not send (its backlog). */
  public static final String NOT_SENT = "not sent";

  private final Histogram latency = new Histogram(SIGNIFICANT_DIGITS);
  private final Histogram serviceTime = new Histogram(SIGNIFICANT_DIGITS);
  private final Map<String, Long> errors = new TreeMap<>();
  private final Map<String, Long> errorsByStatus = new TreeMap<>();
  private long requests;
  private long okAnswers;
  private double generatorCores;
  private long loopCpuNanos;
  private List<Second> series = List.of();

  /**
   * Records one answered request.
   *
   * @param startNanos when the request counts from: its intended send time in the open loop, its
   *     send call in the closed loop
   */
  void record(long startNanos, LoadClient.Answer answer) {
    requests++;
    latency.recordValue(micros(answer.answeredNanos() - startNanos));
    serviceTime.recordValue(micros(answer.answeredNanos() - answer.sentNanos()));
    if (answer.errorCode() != null) {
      errors.merge(answer.errorCode(), 1L, Long::sum);
      String status =
          answer.status() == LoadClient.Answer.NO_ANSWER
              ? NO_ANSWER
              : Integer.toString(answer.status());
      errorsByStatus.merge(status, 1L, Long::sum);
    }
  }

  /** Records a request the generator did not send at all; it counts as an error. */
  void refuse(String code) {
    requests++;
    errors.merge(code, 1L, Long::sum);
    errorsByStatus.merge(NOT_SENT, 1L, Long::sum);
  }

  /** Counts a successful answer that arrived within the window, whenever its request started. */
  void countOkAnswer() {
    okAnswers++;
  }

  void generatorCores(double cores) {
    generatorCores = cores;
  }

  /** The generator process's CPU use over the window, in cores (1.0 = one core busy). */
  public double generatorCores() {
    return generatorCores;
  }

  void loopCpuNanos(long nanos) {
    loopCpuNanos = nanos;
  }

  /**
   * CPU time the generator's event loop thread spent over the window, drain included: sending,
   * signing, parsing answers and recording them, without the JVM's other threads (GC, JIT) and
   * without a server that shares the process.
   */
  public long loopCpuNanos() {
    return loopCpuNanos;
  }

  void series(List<Second> seconds) {
    series = List.copyOf(seconds);
  }

  /** The run second by second, warmup and drain included, in order. */
  public List<Second> series() {
    return series;
  }

  void reset() {
    latency.reset();
    serviceTime.reset();
    errors.clear();
    errorsByStatus.clear();
    requests = 0;
    okAnswers = 0;
  }

  /**
   * Microseconds from each request's start to its answer; in the open loop the start is the
   * intended send time, so time spent queued behind a slow answer is counted.
   */
  public Histogram latency() {
    return latency;
  }

  /** Microseconds from the moment a connection took each request to its answer: no correction. */
  public Histogram serviceTime() {
    return serviceTime;
  }

  /** Error counts by code. */
  public Map<String, Long> errors() {
    return errors;
  }

  /** Failed requests by HTTP status ({@code "500"}), {@link #NO_ANSWER} or {@link #NOT_SENT}. */
  public Map<String, Long> errorsByStatus() {
    return errorsByStatus;
  }

  /** Requests started in the window, answered or not. */
  public long requests() {
    return requests;
  }

  /**
   * Successful answers that arrived within the window: the rate the server sustained, which in the
   * open loop falls below the offered rate once the server cannot keep up.
   */
  public long okAnswers() {
    return okAnswers;
  }

  /**
   * Adds {@code other}'s requests, answers, errors and latencies to this one's: several short
   * windows read as one. The generator's CPU and the per-second series are left as they were.
   */
  void add(Measurement other) {
    latency.add(other.latency);
    serviceTime.add(other.serviceTime);
    other.errors.forEach((code, n) -> errors.merge(code, n, Long::sum));
    other.errorsByStatus.forEach((status, n) -> errorsByStatus.merge(status, n, Long::sum));
    requests += other.requests;
    okAnswers += other.okAnswers;
  }

  /** Requests that failed. */
  public long errorCount() {
    return errors.values().stream().mapToLong(Long::longValue).sum();
  }

  private static long micros(long nanos) {
    return Math.max(0, nanos / 1000);
  }

  /**
   * One second of a run, as the live progress line shows it: the answers that arrived in it.
   *
   * @param elapsedSeconds seconds from the run's start to the end of this second
   * @param phase {@code warmup}, {@code measure} or {@code drain}
   * @param answersPerSecond answers (successes and failures) per second
   * @param okPerSecond successful answers per second
   * @param errorsPerSecond failed requests per second, those the generator did not send included
   * @param p50Millis median latency of the answers, from their intended start
   * @param p90Millis 90th percentile
   * @param p99Millis 99th percentile
   * @param maxMillis the slowest answer
   * @param inFlight requests outstanding at the end of the second
   */
  public record Second(
      double elapsedSeconds,
      String phase,
      double answersPerSecond,
      double okPerSecond,
      double errorsPerSecond,
      double p50Millis,
      double p90Millis,
      double p99Millis,
      double maxMillis,
      int inFlight) {}
}
