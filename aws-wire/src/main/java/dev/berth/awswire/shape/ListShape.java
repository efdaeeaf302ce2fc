package dev.berth.awswire.shape;

import java.util.Objects;

/**
 * A JSON array whose elements all have one shape.
 *
 * @param name the shape's name
 * @param member the name of the elements' shape
 * @param length the allowed number of elements
 */
public record ListShape(String name, String member, Range length) implements Shape {

  public ListShape {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(member, "member");
    Objects.requireNonNull(length, "length");
  }
}
