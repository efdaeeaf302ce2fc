package dev.berth.runtime.codec;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Fits decoded arrays to the model's input specs, and words the 400 messages when they do not fit.
 * Every message names what the model expected, so a caller can fix the request from it.
 */
final class InputMatcher {
  /** The name given to the single input of a model that declares none (TorchScript). */
  static final String DEFAULT_INPUT = "input0";

  private InputMatcher() {}

  /** A shape fitted to a spec; {@code promoted} when a batch dimension of 1 was added. */
  record Fit(long[] shape, boolean promoted) {}

  /** The one input a single-tensor format feeds, or a 400 naming all inputs if there are many. */
  static TensorSpec single(List<TensorSpec> specs, String formatName) {
    if (specs.isEmpty()) {
      return TensorSpec.unknown(DEFAULT_INPUT);
    }
    if (specs.size() > 1) {
      throw new BadPayloadException(
          formatName
              + " carries one tensor, but this model takes "
              + specs.size()
              + " inputs: "
              + listInputs(specs)
              + ". Send application/json in the Open Inference Protocol v2 form.");
    }
    return specs.get(0);
  }

  /** The element type decoded values are written as: the spec's, or FP32 when it is unknown. */
  static TensorType typeFor(TensorSpec spec) {
    return spec.type() == null ? TensorType.FLOAT32 : spec.type();
  }

  /**
   * Checks {@code actual} against {@code spec}. An array one rank short of a spec with a dynamic
   * batch dimension is taken as a single instance when {@code mayPromote}.
   */
  static Fit fit(TensorSpec spec, long[] actual, boolean mayPromote) {
    if (spec.accepts(actual)) {
      return new Fit(actual, false);
    }
    if (mayPromote && spec.hasShape() && spec.hasDynamicBatch()) {
      long[] promoted = new long[actual.length + 1];
      promoted[0] = 1;
      System.arraycopy(actual, 0, promoted, 1, actual.length);
      if (spec.accepts(promoted)) {
        return new Fit(promoted, true);
      }
    }
    throw mismatch(spec, "shape " + Arrays.toString(actual));
  }

  /** The 400 for a tensor that does not fit {@code spec}: {@code ...; got <what>.} */
  static BadPayloadException mismatch(TensorSpec spec, String got) {
    return new BadPayloadException(spec.describe("Input") + "; got " + got + ".");
  }

  /** A 400 for a body that cannot be read at all, followed by what the model takes. */
  static BadPayloadException unreadable(String problem, List<TensorSpec> specs) {
    return new BadPayloadException(problem + " " + expectation(specs));
  }

  /** {@code The model takes input 'input' of shape [-1, 4] of FP32.} or the like. */
  static String expectation(List<TensorSpec> specs) {
    if (specs.isEmpty()) {
      return "The model declares no input signature; any numeric tensor is accepted.";
    }
    return "The model takes "
        + (specs.size() == 1 ? "input " : "inputs ")
        + listInputs(specs)
        + ".";
  }

  private static String listInputs(List<TensorSpec> specs) {
    return specs.stream()
        .map(
            s ->
                "'"
                    + s.name()
                    + "' "
                    + (s.hasShape() ? Arrays.toString(s.shape()) : "[any]")
                    + " "
                    + (s.type() == null ? "any type" : s.type().oipName()))
        .collect(Collectors.joining(", "));
  }
}
