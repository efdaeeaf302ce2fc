package dev.berth.benchmarks;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Everything one InvokeEndpoint run measured, as {@code result.json} holds it: the summary row
 * ({@link LoadResult}), the whole latency distribution, failures by code and by HTTP status, the
 * run second by second, and what the generator itself cost.
 *
 * @param summary the row of the summary table
 * @param percentiles the latency distribution from HdrHistogram, p0 to p100, in ms
 * @param errorsByStatus failed requests by HTTP status, {@code no answer} or {@code not sent}
 * @param series the run second by second, warmup and drain included
 * @param generatorCpuMicrosPerRequest CPU of the generator's event loop per request in the window:
 *     what sending, signing and recording one request costs
 * @param histogram the latency histogram (µs), HdrHistogram's compressed form in base64, for tools
 *     that merge or re-plot runs
 */
public record InvokeRun(
    LoadResult summary,
    List<Percentile> percentiles,
    Map<String, Long> errorsByStatus,
    List<Measurement.Second> series,
    double generatorCpuMicrosPerRequest,
    String histogram) {

  /**
   * One point of the distribution.
   *
   * @param percentile 0 to 100
   * @param millis the latency at or under which that share of requests was answered
   * @param count requests counted up to this point
   */
  public record Percentile(double percentile, double millis, long count) {}

  /** The run described by its settings and what it measured. */
  static InvokeRun of(
      String label,
      String operation,
      String mode,
      double rate,
      int connections,
      int inFlight,
      Duration warmup,
      Duration duration,
      Measurement m,
      String date) {
    LoadResult summary =
        LoadResult.of(
            label, operation, mode, rate, connections, inFlight, warmup, duration, m, 0, 0, date);
    long sent = Math.max(1, m.requests());
    return new InvokeRun(
        summary,
        percentiles(m.latency()),
        Map.copyOf(m.errorsByStatus()),
        m.series(),
        m.loopCpuNanos() / 1000.0 / sent,
        encode(m.latency()));
  }

  /** HdrHistogram's percentile ladder, five steps per halving of the remaining share. */
  static List<Percentile> percentiles(Histogram micros) {
    List<Percentile> out = new ArrayList<>();
    if (micros.getTotalCount() == 0) {
      return out;
    }
    out.add(new Percentile(0, micros.getMinValue() / 1000.0, 0));
    for (HistogramIterationValue v : micros.percentiles(5)) {
      out.add(
          new Percentile(
              v.getPercentileLevelIteratedTo(),
              micros.highestEquivalentValue(v.getValueIteratedTo()) / 1000.0,
              v.getTotalCountToThisValue()));
    }
    return out;
  }

  private static String encode(Histogram micros) {
    ByteBuffer buffer = ByteBuffer.allocate(micros.getNeededByteBufferCapacity());
    int length = micros.encodeIntoCompressedByteBuffer(buffer);
    byte[] bytes = new byte[length];
    buffer.flip();
    buffer.get(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }
}
