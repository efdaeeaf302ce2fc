package dev.berth.benchmarks;

import java.time.Duration;
import java.util.Locale;

/**
 * How {@code berth bench sweep} steps the open-loop rate: from {@code start}, each step adds {@code
 * step} requests per second, or multiplies the rate by {@code factor}, up to {@code max}. Each step
 * runs {@code stepDuration}; the first is preceded by {@code warmup}. The sweep stops at the first
 * step that misses the SLO, fails more than {@code maxErrorRate} of its requests, or answers less
 * than {@link #MIN_SUSTAINED} of the rate it was offered.
 *
 * @param start the first rate, requests per second
 * @param step requests per second added each step; 0 when {@code factor} is used
 * @param factor the rate's multiplier each step (above 1); 0 when {@code step} is used
 * @param max the highest rate tried
 * @param stepDuration the measured window of each step
 * @param warmup unmeasured load at the start rate before the first step
 * @param slo the objective each step must meet
 * @param maxErrorRate the share of failed requests a step may have, 0 to 1
 */
public record SweepPlan(
    double start,
    double step,
    double factor,
    double max,
    Duration stepDuration,
    Duration warmup,
    Slo slo,
    double maxErrorRate) {
  /** The share of the offered rate a step must answer successfully. */
  public static final double MIN_SUSTAINED = 0.95;

  public SweepPlan {
    if (!(start > 0) || !(max >= start)) {
      throw new IllegalArgumentException("need 0 < --start ≤ --max");
    }
    if ((step > 0) == (factor > 0) || (factor > 0 && factor <= 1)) {
      throw new IllegalArgumentException("--step is +N (req/s added) or xF (F > 1)");
    }
  }

  /**
   * Reads a step as written: {@code 100} or {@code +100} adds, {@code x1.5} multiplies.
   *
   * @return {step, factor}, one of them 0
   */
  public static double[] parseStep(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    try {
      if (t.startsWith("x") || t.startsWith("*")) {
        return new double[] {0, Double.parseDouble(t.substring(1))};
      }
      return new double[] {Double.parseDouble(t.startsWith("+") ? t.substring(1) : t), 0};
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--step is +N or xF, got " + text);
    }
  }

  /** The rate after {@code rate}, rounded to a whole request per second. */
  public double next(double rate) {
    double next = factor > 0 ? rate * factor : rate + step;
    return Math.max(rate + 1, Math.round(next));
  }
}
