package dev.berth.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * A latency objective such as {@code p99<50ms}, or several joined by commas ({@code
 * p50<10ms,p99.9<200ms}); {@code max} stands for the slowest answer. A run meets it when every
 * percentile of its latency histogram (from the intended send time) is under its bound.
 *
 * <p>Usage: {@code Slo.parse("p99<50ms").missed(histogram)}
 */
public record Slo(List<Bound> bounds) {
  private static final Pattern BOUND =
      Pattern.compile("(?:p(\\d+(?:\\.\\d+)?)|(max))\\s*<=?\\s*(\\d+(?:\\.\\d+)?)\\s*(us|ms|s)?");

  /**
   * One bound.
   *
   * @param percentile 0 to 100; 100 for {@code max}
   * @param millis the latency the percentile must stay under
   * @param text how it was written
   */
  public record Bound(double percentile, double millis, String text) {}

  /**
   * Reads {@code text}.
   *
   * @throws IllegalArgumentException when it is not {@code pNN<value[unit]} (unit us, ms or s; ms
   *     by default), comma-separated
   */
  public static Slo parse(String text) {
    List<Bound> bounds = new ArrayList<>();
    for (String part : text.split(",")) {
      Matcher m = BOUND.matcher(part.strip().toLowerCase(Locale.ROOT));
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "not an SLO (e.g. p99<50ms, p50<10ms,p99.9<1s, max<2s): " + text);
      }
      double percentile = m.group(2) != null ? 100 : Double.parseDouble(m.group(1));
      if (percentile <= 0 || percentile > 100) {
        throw new IllegalArgumentException("percentile out of (0, 100]: " + part);
      }
      double value = Double.parseDouble(m.group(3));
      String unit = m.group(4) == null ? "ms" : m.group(4);
      double millis = unit.equals("us") ? value / 1000 : unit.equals("s") ? value * 1000 : value;
      bounds.add(new Bound(percentile, millis, part.strip()));
    }
    return new Slo(List.copyOf(bounds));
  }

  /**
   * What {@code latencyMicros} missed, e.g. {@code p99 73.2 ms ≥ 50 ms}; empty when it meets every
   * bound.
   */
  public List<String> missed(Histogram latencyMicros) {
    List<String> missed = new ArrayList<>();
    for (Bound bound : bounds) {
      double millis =
          (bound.percentile() >= 100
                  ? latencyMicros.getMaxValue()
                  : latencyMicros.getValueAtPercentile(bound.percentile()))
              / 1000.0;
      if (millis >= bound.millis()) {
        missed.add(
            String.format(
                Locale.ROOT,
                "%s %.2f ms ≥ %s ms",
                bound.percentile() >= 100 ? "max" : "p" + ResultTable.number(bound.percentile()),
                millis,
                ResultTable.number(bound.millis())));
      }
    }
    return missed;
  }

  @Override
  public String toString() {
    return String.join(",", bounds.stream().map(Bound::text).toList());
  }
}
