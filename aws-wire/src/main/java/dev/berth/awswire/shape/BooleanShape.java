package dev.berth.awswire.shape;

import java.util.Objects;

/**
 * A JSON boolean; strings such as {@code "true"} are serialization errors.
 *
 * @param name the shape's name
 */
public record BooleanShape(String name) implements Shape {

  public BooleanShape {
    Objects.requireNonNull(name, "name");
  }
}
