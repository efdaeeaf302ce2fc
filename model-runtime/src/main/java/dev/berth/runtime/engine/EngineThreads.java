package dev.berth.runtime.engine;

import java.util.HashMap;
import java.util.Map;

/**
 * Keeps engine threading sane on small machines. Each model has one predictor on one batcher
 * thread, so its engine may use every core for one operator (intra-op) but needs no parallel
 * operators (inter-op) competing with it: two thread pools on 2 cores cost about 30 % throughput.
 * Values from {@code option.*} win.
 */
final class EngineThreads {
  private EngineThreads() {}

  /** The DJL options for {@code engine}: the user's, plus thread counts they left out. */
  static Map<String, String> options(EngineKind engine, Map<String, String> userOptions) {
    Map<String, String> options = new HashMap<>(userOptions);
    if (engine == EngineKind.ONNX_RUNTIME) {
      // DJL 0.36 applies intraOpNumThreads only when interOpNumThreads is set too.
      options.putIfAbsent("interOpNumThreads", "1");
      options.putIfAbsent("intraOpNumThreads", Integer.toString(cores()));
    } else {
      // PyTorch reads these once, when its engine starts; they are process-wide.
      setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
      setIfAbsent(
          "ai.djl.pytorch.num_threads",
          options.getOrDefault("intraOpNumThreads", Integer.toString(cores())));
    }
    return options;
  }

  private static int cores() {
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  private static void setIfAbsent(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }
}
