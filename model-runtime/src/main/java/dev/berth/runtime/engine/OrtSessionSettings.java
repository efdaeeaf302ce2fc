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
 * <p>Spinning, by {@code option.allowSpinning}:
 *
 * <ul>
 *   <li>unset (the default): intra-op threads spin between the parallel sections of a forward pass
 *       and stop when it returns ({@code session.force_spinning_stop}). Waking a sleeping thread
 *       for each of ResNet-18's ~50 operators made a single forward pass 16 % slower than with
 *       spinning (33.9 against 29.4 ms on 2 cores); spinning on after the pass took a core from the
 *       event loops that decode and answer requests.
 *   <li>{@code true}: ONNX Runtime's own default, spinning after the pass too, for a machine the
 *       engine has to itself.
 *   <li>{@code false}: never spin; a pool thread sleeps whenever it runs out of work.
 * </ul>
 *
 * <p>Any other ONNX Runtime session config entry can be set as {@code
 * option.ortConfig.<key>=value}; it wins over the entries above.
 *
 * <p>Usage: {@code try (SessionOptions session = OrtSessionSettings.sessionOptions(options)) {...}}
 */
final class OrtSessionSettings {
  /** The {@code option.*} key (without its prefix) that turns spinning back on. */
  static final String ALLOW_SPINNING = "allowSpinning";

  /** The session config entry that stops spinning threads when a forward pass returns. */
  static final String FORCE_SPINNING_STOP = "session.force_spinning_stop";

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
    String allow = options.get(ALLOW_SPINNING);
    boolean spin = allow == null || Boolean.parseBoolean(allow);
    OrtSession.SessionOptions session = new OrtSession.SessionOptions();
    try {
      session.addConfigEntry("session.intra_op.allow_spinning", spin ? "1" : "0");
      session.addConfigEntry("session.inter_op.allow_spinning", spin ? "1" : "0");
      if (allow == null) {
        session.addConfigEntry(FORCE_SPINNING_STOP, "1");
      }
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
