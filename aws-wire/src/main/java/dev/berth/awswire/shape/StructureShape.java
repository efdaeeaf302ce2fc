package dev.berth.awswire.shape;

import java.util.List;
import java.util.Objects;

/**
 * A JSON object with named members, some of them required.
 *
 * @param name the shape's name
 * @param members the members in model order, which is the order violations are reported in
 */
public record StructureShape(String name, List<Member> members) implements Shape {

  public StructureShape {
    Objects.requireNonNull(name, "name");
    members = List.copyOf(members);
  }

  /**
   * One member of a structure.
   *
   * @param name the member name as it appears on the wire, e.g. {@code ProductionVariants}
   * @param shape the name of the member's shape
   * @param required whether a missing or {@code null} member is a violation
   */
  public record Member(String name, String shape, boolean required) {

    public Member {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(shape, "shape");
    }

    /** The member's name as Coral prints it in paths: first letter lower-cased. */
    public String pathName() {
      if (name.isEmpty()) {
        return name;
      }
      return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
  }
}
