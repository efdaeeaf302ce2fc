package dev.berth.awswire.shape;

import java.util.Objects;

/**
 * A JSON object used as a map: free keys of one string shape, values of one shape.
 *
 * @param name the shape's name
 * @param key the name of the keys' shape (always a {@link StringShape})
 * @param value the name of the values' shape
 * @param length the allowed number of entries
 */
public record MapShape(String name, String key, String value, Range length) implements Shape {

  public MapShape {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(length, "length");
  }
}
