package dev.berth.benchmarks;

import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Latencies and error counts of the requests a load run started in one window. Used on the
 * generator's event loop only, so it is a plain {@link Histogram} rather than a {@code Recorder}.
 */
public final class Measurement {
  private static final int SIGNIFICANT_DIGITS = 3;

  private final Histogram latency = new Histogram(SIGNIFICANT_DIGITS);
  private final Histogram serviceTime = new Histogram(SIGNIFICANT_DIGITS);
  private final Map<String, Long> errors = new TreeMap<>();
  private long requests;
  private long okAnswers;
  private double generatorCores;

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
    }
  }

  /** Records a request the generator did not send at all; it counts as an error. */
  void refuse(String code) {
    requests++;
    errors.merge(code, 1L, Long::sum);
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

  void reset() {
    latency.reset();
    serviceTime.reset();
    errors.clear();
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

  /** Requests that failed. */
  public long errorCount() {
    return errors.values().stream().mapToLong(Long::longValue).sum();
  }

  private static long micros(long nanos) {
    return Math.max(0, nanos / 1000);
  }
}
