package dev.berth.runtime.engine;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ONNX Runtime session settings DJL's string options cannot express, handed to DJL as the
 * {@code sessionOptions} object its ONNX Runtime model accepts (DJL then adds its own options, the
 * thread counts among them, to that object).
 *
 * <p>Whether the intra-op and inter-op threads spin between parallel sections comes resolved in
 * {@code allowSpinning} ({@code true} or {@code false}): {@link SpinChoice} makes the choice (as
 * asked, or from the model's one-row pass under {@code auto}), because spinning takes cores from
 * the event loops and from other runtimes on the same cores, and pays only where a pass is long.
 *
 * <p>Any other ONNX Runtime session config entry can be set as {@code
 * option.ortConfig.<key>=value}, e.g. {@code option.ortConfig.session.force_spinning_stop=1} (spin
 * during a forward pass, stop after it).
 *
 * <p>Usage: {@code try (SessionOptions session = OrtSessionSettings.sessionOptions(options)) {...}}
 */
final class OrtSessionSettings {
  /** The {@code option.*} key (without its prefix) that makes the threads spin. */
  static final String ALLOW_SPINNING = "allowSpinning";

  /** The prefix of {@code option.*} keys that are ONNX Runtime session config entries. */
  static final String CONFIG_PREFIX = "ortConfig.";

  /** The key DJL's ONNX Runtime model reads a ready {@code SessionOptions} object from. */
  static final String DJL_SESSION_OPTIONS = "sessionOptions";

  private OrtSessionSettings() {}

  /**
   * New session options for a model with {@code options}; the caller closes them after the session
   * is made.
   */
  static OrtSession.SessionOptions sessionOptions(Map<String, String> options) throws OrtException {
    String spin = Boolean.parseBoolean(options.getOrDefault(ALLOW_SPINNING, "false")) ? "1" : "0";
    OrtSession.SessionOptions session = new OrtSession.SessionOptions();
    try {
      session.addConfigEntry("session.intra_op.allow_spinning", spin);
      session.addConfigEntry("session.inter_op.allow_spinning", spin);
      for (Map.Entry<String, String> option : new TreeMap<>(options).entrySet()) {
        if (option.getKey().startsWith(CONFIG_PREFIX)) {
          session.addConfigEntry(
              option.getKey().substring(CONFIG_PREFIX.length()), option.getValue());
        }
      }
      return session;
    } catch (OrtException | RuntimeException e) {
      session.close();
      throw e;
    }
  }
}
