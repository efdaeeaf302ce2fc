package dev.berth.runtime.engine;

import java.util.Locale;

/**
 * Whether ONNX Runtime's threads spin between the parallel sections of a forward pass: the values
 * of {@code option.allowSpinning} and of the runtime-wide default {@code BERTH_ALLOW_SPINNING}.
 * {@link SpinChoice} says what each costs and when {@link #AUTO} spins.
 */
public enum Spinning {
  /** Always spin. */
  ON("true"),
  /** Never spin: the threads sleep between sections. */
  OFF("false"),
  /** Spin when the model's one-row pass on the CPU is long enough for it to pay. */
  AUTO("auto");

  private final String optionValue;

  Spinning(String optionValue) {
    this.optionValue = optionValue;
  }

  /** The value as {@code option.allowSpinning} spells it. */
  public String optionValue() {
    return optionValue;
  }

  /**
   * The value {@code text} names: {@code true}, {@code false} or {@code auto}, in any case.
   *
   * @throws IllegalArgumentException for anything else, naming {@code source} and the three values
   */
  public static Spinning parse(String text, String source) {
    String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    for (Spinning value : values()) {
      if (value.optionValue.equals(wanted)) {
        return value;
      }
    }
    throw new IllegalArgumentException(
        source + " must be true, false or auto, not '" + text + "'.");
  }
}
