package dev.berth.awswire.shape;

import java.util.Objects;

/**
 * A JSON number, with an optional value range.
 *
 * @param name the shape's name
 * @param kind which numbers are accepted at all
 * @param value the allowed values
 */
public record NumberShape(String name, Kind kind, Range value) implements Shape {

  public NumberShape {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(value, "value");
  }

  /** The botocore numeric types. */
  public enum Kind {
    /** A 32-bit integer; a number with a fraction is a serialization error. */
    INTEGER,
    /** A 64-bit integer; a number with a fraction is a serialization error. */
    LONG,
    /** A floating-point number; integers are accepted too. */
    FLOAT,
    /** A floating-point number; integers are accepted too. */
    DOUBLE;

    /** Whether values of this kind must be whole numbers. */
    public boolean integral() {
      return this == INTEGER || this == LONG;
    }
  }
}
