package dev.berth.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The result of one run, as printed and as written to JSON: counts, the rate of successful answers
 * over the measured window, and latency percentiles in milliseconds (never an average).
 *
 * @param label the run's name
 * @param operation what was driven: the SageMaker operation, or the model and path of a runtime run
 * @param mode {@code closed NxK} or {@code open R/s}
 * @param targetRate the open loop's rate, or 0 for the closed loop
 * @param connections keep-alive connections
 * @param inFlight requests per connection in the closed loop
 * @param warmupSeconds unmeasured seconds before the window
 * @param durationSeconds the measured window
 * @param requests requests started in the window
 * @param errors how many of them failed
 * @param errorsByCode failures by {@code __type} (or the client's own code)
 * @param okPerSecond successful answers that arrived within the window, per second: the rate the
 *     server sustained
 * @param latencyMillis from each request's start (intended send time in the open loop)
 * @param serviceTimeMillis from the moment a connection took each request: uncorrected
 * @param generatorCores the generator's own CPU use over the window, in cores
 * @param check whether the run met what it was expected to, and why not
 * @param date when the run ended (UTC, ISO-8601)
 */
public record LoadResult(
    String label,
    String operation,
    String mode,
    double targetRate,
    int connections,
    int inFlight,
    double warmupSeconds,
    double durationSeconds,
    long requests,
    long errors,
    Map<String, Long> errorsByCode,
    double okPerSecond,
    Percentiles latencyMillis,
    Percentiles serviceTimeMillis,
    double generatorCores,
    Check check,
    String date) {

  static LoadResult of(BenchOptions options, Measurement m, String date) {
    return of(
        options.label(),
        options.operation().target(),
        options.mode(),
        options.rate(),
        options.connections(),
        options.inFlight(),
        options.warmup(),
        options.duration(),
        m,
        options.expectRate(),
        options.expectP99Millis(),
        date);
  }

  /**
   * The result of a run described by its parts rather than by {@link BenchOptions}, for generators
   * other than {@link ControlPlaneBench}.
   *
   * @param expectRate the rate the run must reach to pass, or 0 for none
   * @param expectP99Millis the p99 the run must stay under to pass, or 0 for none
   */
  public static LoadResult of(
      String label,
      String operation,
      String mode,
      double targetRate,
      int connections,
      int inFlight,
      Duration warmup,
      Duration duration,
      Measurement m,
      double expectRate,
      double expectP99Millis,
      String date) {
    double seconds = duration.toMillis() / 1000.0;
    long errors = m.errorCount();
    Percentiles latency = Percentiles.of(m.latency());
    double okPerSecond = m.okAnswers() / seconds;
    return new LoadResult(
        label,
        operation,
        mode,
        targetRate,
        connections,
        inFlight,
        warmup.toMillis() / 1000.0,
        seconds,
        m.requests(),
        errors,
        Map.copyOf(m.errors()),
        okPerSecond,
        latency,
        Percentiles.of(m.serviceTime()),
        m.generatorCores(),
        Check.of(expectRate, expectP99Millis, errors, okPerSecond, latency),
        date);
  }

  /**
   * Latency percentiles in milliseconds.
   *
   * @param p50 median
   * @param p90 90th percentile
   * @param p99 99th percentile
   * @param p999 99.9th percentile
   * @param max the largest value recorded
   */
  public record Percentiles(double p50, double p90, double p99, double p999, double max) {
    static Percentiles of(Histogram micros) {
      return new Percentiles(
          millis(micros.getValueAtPercentile(50)),
          millis(micros.getValueAtPercentile(90)),
          millis(micros.getValueAtPercentile(99)),
          millis(micros.getValueAtPercentile(99.9)),
          millis(micros.getMaxValue()));
    }

    private static double millis(long micros) {
      return micros / 1000.0;
    }
  }

  /**
   * Whether the run met its expectations: no errors, and the rate and p99 asked for.
   *
   * @param passed all expectations met (true when none were given and nothing failed)
   * @param expected what was expected, e.g. {@code ≥ 2000/s, p99 ≤ 20 ms, no errors}
   * @param failures what was missed; empty when passed
   */
  public record Check(boolean passed, String expected, List<String> failures) {
    static Check of(
        double expectRate,
        double expectP99Millis,
        long errors,
        double okPerSecond,
        Percentiles latency) {
      List<String> expected = new ArrayList<>();
      List<String> failures = new ArrayList<>();
      if (expectRate > 0) {
        expected.add("≥ " + ResultTable.number(expectRate) + "/s");
        if (okPerSecond < expectRate) {
          failures.add(
              String.format(
                  Locale.ROOT, "%.0f/s < %s/s", okPerSecond, ResultTable.number(expectRate)));
        }
      }
      if (expectP99Millis > 0) {
        expected.add("p99 ≤ " + ResultTable.number(expectP99Millis) + " ms");
        if (latency.p99() > expectP99Millis) {
          failures.add(
              String.format(
                  Locale.ROOT,
                  "p99 %.2f ms > %s ms",
                  latency.p99(),
                  ResultTable.number(expectP99Millis)));
        }
      }
      expected.add("no errors");
      if (errors > 0) {
        failures.add(errors + " errors");
      }
      return new Check(failures.isEmpty(), String.join(", ", expected), List.copyOf(failures));
    }
  }
}
