package dev.berth.benchmarks;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people type them on a command line: {@code 60s}, {@code 500ms}, {@code 2m}, {@code
 * 1.5s}; a bare number is seconds.
 */
public final class HumanDuration {
  private static final Pattern TEXT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

  private HumanDuration() {}

  /**
   * The duration {@code text} stands for.
   *
   * @throws IllegalArgumentException when it is not a number with an optional unit
   */
  public static Duration parse(String text) {
    Matcher m = TEXT.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "not a duration (a number with ms, s, m or h; seconds by default): " + text);
    }
    double value = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    double millis =
        switch (unit) {
          case "ms" -> value;
          case "m" -> value * 60_000;
          case "h" -> value * 3_600_000;
          default -> value * 1000;
        };
    return Duration.ofMillis(Math.round(millis));
  }
}
