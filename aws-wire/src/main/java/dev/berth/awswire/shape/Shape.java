package dev.berth.awswire.shape;

/**
 * One shape of a {@link ServiceModel}: the type and constraints a JSON value must meet.
 *
 * <p>Shapes refer to other shapes by name, not by reference, so recursive botocore models load
 * without cycles in the object graph; {@link ServiceModel#shape(String)} resolves the names.
 */
public sealed interface Shape
    permits StructureShape,
        StringShape,
        NumberShape,
        ListShape,
        MapShape,
        BooleanShape,
        TimestampShape {

  /** The shape's name in the model, e.g. {@code CreateEndpointInput}. */
  String name();
}
