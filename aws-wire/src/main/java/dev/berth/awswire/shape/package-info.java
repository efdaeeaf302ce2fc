/**
 * Model-driven validation of AWS JSON 1.1 request bodies, with AWS's "Coral" validation messages.
 *
 * <p>{@link dev.berth.awswire.shape.ServiceModel} reads a botocore-style model once; {@link
 * dev.berth.awswire.shape.ShapeValidator} walks a request body against one of its shapes and
 * returns {@link dev.berth.awswire.shape.Violation}s; {@link dev.berth.awswire.shape.CoralMessage}
 * joins them into the {@code ValidationException} text (spec §3.4, §9.10).
 *
 * <pre>{@code
 * ShapeValidator validator = new ShapeValidator(ServiceModel.load(in));
 * validator.requireValid(model.inputShape("CreateEndpoint").orElseThrow(), body);
 * }</pre>
 *
 * <h2>Paths</h2>
 *
 * Member names with the first letter lower-cased, joined by {@code .}. How collection elements are
 * named follows what real Coral messages show:
 *
 * <ul>
 *   <li>A list of structures, lists or maps names each element: {@code
 *       productionVariants.1.member.modelName} (1-based).
 *   <li>A list of scalars (strings, numbers, booleans, timestamps) is reported once, at the list,
 *       however many elements fail: {@code Value '[a, b]' at 'tagKeys' failed to satisfy
 *       constraint: Member must satisfy constraint: [<every constraint of the element shape>]}.
 *   <li>A map is reported at the map, at most once for its keys and once for its values, keys
 *       first: {@code Map keys must satisfy constraint: [...]} and {@code Map value must satisfy
 *       constraint: [...]}, when those are scalars. Map values that are structures, lists or maps
 *       are walked with the path {@code <map>.<key>.member}.
 * </ul>
 *
 * <p>Inside the brackets every constraint the element shape declares is listed (as Coral does, not
 * only the failing ones), in the order length, value, pattern, enum; {@code Member must not be
 * null} is appended when an element is JSON {@code null}.
 */
package dev.berth.awswire.shape;
