package dev.berth.awswire.shape;

import java.util.Objects;

/**
 * A point in time: a JSON number of epoch seconds (what the SDKs send on AWS JSON 1.1), or an
 * ISO-8601 date-time string with an offset (what people write by hand).
 *
 * @param name the shape's name
 */
public record TimestampShape(String name) implements Shape {

  public TimestampShape {
    Objects.requireNonNull(name, "name");
  }
}
