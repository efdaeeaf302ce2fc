package dev.berth.awswire.shape;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The model's {@code min}/{@code max} of a shape: a length range for strings, lists and maps, a
 * value range for numbers.
 *
 * @param min the smallest allowed length or value, if the model sets one
 * @param max the largest allowed length or value, if the model sets one
 */
public record Range(Optional<Bound> min, Optional<Bound> max) {
  /** No limits. */
  public static final Range NONE = new Range(Optional.empty(), Optional.empty());

  public Range {
    Objects.requireNonNull(min, "min");
    Objects.requireNonNull(max, "max");
  }

  /**
   * The constraints {@code actual} breaks, as Coral phrases them, upper bound first.
   *
   * @param noun {@code length} or {@code value}
   */
  List<String> broken(BigDecimal actual, String noun) {
    List<String> broken = new ArrayList<>(1);
    max.filter(m -> actual.compareTo(m.value()) > 0).ifPresent(m -> broken.add(atMost(noun, m)));
    min.filter(m -> actual.compareTo(m.value()) < 0).ifPresent(m -> broken.add(atLeast(noun, m)));
    return broken;
  }

  /** Every constraint this range declares, as Coral lists them inside brackets: upper first. */
  List<String> declared(String noun) {
    List<String> declared = new ArrayList<>(2);
    max.ifPresent(m -> declared.add(atMost(noun, m)));
    min.ifPresent(m -> declared.add(atLeast(noun, m)));
    return declared;
  }

  private static String atMost(String noun, Bound bound) {
    return "Member must have " + noun + " less than or equal to " + bound.text();
  }

  private static String atLeast(String noun, Bound bound) {
    return "Member must have " + noun + " greater than or equal to " + bound.text();
  }

  /**
   * One end of a range.
   *
   * @param value the bound, for comparing
   * @param text the bound as the model writes it ({@code 63}, {@code 1.0}), for messages
   */
  public record Bound(BigDecimal value, String text) {
    public Bound {
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(text, "text");
    }
  }
}
