package dev.berth.awswire.shape;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A JSON string, with an optional length range (in characters), pattern and enum.
 *
 * @param name the shape's name
 * @param length the allowed length in Unicode code points
 * @param pattern the whole-string pattern, if the model has one
 * @param enumValues the allowed values in model order; empty when any value is allowed
 */
public record StringShape(
    String name, Range length, Optional<ShapePattern> pattern, Set<String> enumValues)
    implements Shape {

  public StringShape {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(length, "length");
    Objects.requireNonNull(pattern, "pattern");
    // Insertion order is kept because the enum is printed in model order; a set because a
    // catalog of several hundred instance types is looked up on every request.
    enumValues = Collections.unmodifiableSet(new LinkedHashSet<>(enumValues));
  }
}
