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
 * <p>Spinning is off unless {@code option.allowSpinning=true}: by default ONNX Runtime's intra-op
 * threads busy-wait between parallel sections, which costs nothing when the engine has the machine
 * to itself but takes a whole core from the event loops that decode and answer requests in the
 * runtime. Without spinning, a pool thread sleeps when it runs out of work and is woken for the
 * next parallel section.
 *
 * <p>Any other ONNX Runtime session config entry can be set as {@code
 * option.ortConfig.<key>=value}, e.g. {@code option.ortConfig.session.force_spinning_stop=1} (spin
 * during a forward pass, stop after it). With {@code option.allowSpinning=true} too, that suits a
 * large model served one request at a time on cores it need not share: a ResNet-18 pass on 2 cores
 * took 29.4 ms instead of 33.9 ms without spinning, as fast as ONNX Runtime's own default. It is
 * not the default because under load, with the event loops wanting the same cores, spinning threads
 * and the threads they wait for take turns at the scheduler's pace: the 256-1024-1024-10 MLP served
 * one row per pass to 32 clients fell from 4,745 to about 1,400 requests/s.
 *
 * <p>Usage: {@code try (SessionOptions session = OrtSessionSettings.sessionOptions(options)) {...}}
 */
final class OrtSessionSettings {
  /** The {@code option.*} key (without its prefix) that turns spinning back on. */
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
