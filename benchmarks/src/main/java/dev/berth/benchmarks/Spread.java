package dev.berth.benchmarks;

import java.util.Collection;
import java.util.List;

/**
 * Median, p90, min and max of a few durations in milliseconds, by nearest rank (the smallest value
 * with at least that share of the samples at or below it, as HdrHistogram reports percentiles). For
 * the tens of samples of a start-up benchmark, where a histogram would add nothing.
 *
 * <p>Usage: {@code Spread.of(List.of(2810L, 2950L, 3120L)).median()}
 *
 * @param count how many samples
 * @param median the 50th percentile
 * @param p90 the 90th percentile
 * @param min the smallest
 * @param max the largest
 */
public record Spread(int count, long median, long p90, long min, long max) {
  /** The spread of {@code millis}; all zero when there are none. */
  public static Spread of(Collection<Long> millis) {
    if (millis.isEmpty()) {
      return new Spread(0, 0, 0, 0, 0);
    }
    List<Long> sorted = millis.stream().sorted().toList();
    return new Spread(
        sorted.size(),
        rank(sorted, 50),
        rank(sorted, 90),
        sorted.get(0),
        sorted.get(sorted.size() - 1));
  }

  private static long rank(List<Long> sorted, int percentile) {
    int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }
}
