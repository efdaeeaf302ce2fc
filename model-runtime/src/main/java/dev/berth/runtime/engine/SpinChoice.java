package dev.berth.runtime.engine;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Whether a model's ONNX Runtime threads spin between parallel sections, from {@code
 * option.allowSpinning}: {@code false} (when the option is absent), {@code true}, or {@code auto},
 * which lets the loader decide by the model's one-row forward pass on the CPU. A runtime process
 * fills in its own default before the model loads ({@code RuntimeConfig#engineSpinning}).
 *
 * <p>Why by the pass: a pass is a few parallel sections for a small model and dozens for a deep
 * one. Without spinning, the pool thread sleeps after each section and is woken for the next; on a
 * virtual machine whose other core went idle, each wake costs tens of microseconds, which adds up
 * to milliseconds over a ResNet-18 pass (a single request 59–78 % slower than ONNX Runtime's
 * default, −2 to +22 % with spinning in three runs, measured in {@code benchmarks/runtime.sh}).
 * With spinning, the threads busy-wait instead, taking cores from the event loops that decode and
 * answer requests: harmless next to passes of milliseconds, ruinous next to passes of a tenth of
 * one (a 256-1024-1024-10 MLP served one row per pass fell from 4,745 to about 1,400 requests/s).
 * Under {@code auto}, passes of at least {@code option.spinningMinPassMillis} (default 2 ms) spin.
 *
 * <p>Why it depends on the neighbours: spinning threads of two processes (or two models) on the
 * same cores spin while the other waits for a core. Two ResNet-18 runtimes sharing 2 vCPUs, each
 * under 8 clients, answered 46–51 images/s together spinning and 70–80 sleeping. So {@code auto}
 * suits a runtime that has its cores to itself (one model in a container with its own CPUs, the
 * Kubernetes case), and {@code false} runtimes that share them (several models in one process, or
 * the local orchestrator's instances on one machine).
 *
 * <p>Usage: {@code SpinChoice choice = SpinChoice.of(options); if (choice.measures(...)) ...}
 */
record SpinChoice(Spinning mode, Duration minPass) {
  /** The {@code option.*} key (without its prefix) of the choice. */
  static final String ALLOW_SPINNING = OrtSessionSettings.ALLOW_SPINNING;

  /** The {@code option.*} key of the shortest one-row pass that spins under {@code auto}. */
  static final String MIN_PASS_MILLIS = "spinningMinPassMillis";

  static final Duration DEFAULT_MIN_PASS = Duration.ofMillis(2);

  /**
   * The choice in {@code options} (the model's {@code option.*} entries without their prefix).
   *
   * @throws ModelLoadException for a value other than true, false or auto, or a minimum pass that
   *     is not a non-negative number of milliseconds
   */
  static SpinChoice of(Map<String, String> options) throws ModelLoadException {
    Spinning mode;
    try {
      mode =
          Spinning.parse(options.getOrDefault(ALLOW_SPINNING, "false"), "option." + ALLOW_SPINNING);
    } catch (IllegalArgumentException e) {
      throw new ModelLoadException(e.getMessage(), e);
    }
    Duration minPass = DEFAULT_MIN_PASS;
    String millis = options.get(MIN_PASS_MILLIS);
    if (millis != null) {
      try {
        double value = Double.parseDouble(millis.trim());
        if (!(value >= 0) || Double.isInfinite(value)) {
          throw new NumberFormatException(millis);
        }
        minPass = Duration.ofNanos(Math.round(value * 1_000_000));
      } catch (NumberFormatException e) {
        throw new ModelLoadException(
            "option."
                + MIN_PASS_MILLIS
                + " must be a number of milliseconds, 0 or more, not '"
                + millis
                + "'.");
      }
    }
    return new SpinChoice(mode, minPass);
  }

  /** Whether the loader has to time a pass to decide: {@code auto} for ONNX Runtime on the CPU. */
  boolean measures(EngineKind engine, boolean onCpu) {
    return mode == Spinning.AUTO && engine == EngineKind.ONNX_RUNTIME && onCpu;
  }

  /** Whether the threads spin before anything was measured: only when asked to. */
  boolean spinsUnmeasured() {
    return mode == Spinning.ON;
  }

  /** Under {@code auto}: whether a model whose one-row pass took {@code onePass} spins. */
  boolean spinsAfter(Duration onePass) {
    return onePass.compareTo(minPass) >= 0;
  }

  /** {@code options} with the choice resolved to {@code spin}, as the session settings read it. */
  static Map<String, String> resolved(Map<String, String> options, boolean spin) {
    Map<String, String> resolved = new HashMap<>(options);
    resolved.put(ALLOW_SPINNING, Boolean.toString(spin));
    resolved.remove(MIN_PASS_MILLIS);
    return resolved;
  }
}
