package dev.berth.runtime;

import java.nio.file.Path;

/**
 * DJL's process-wide settings for a runtime process, applied once before the first model loads:
 * offline (nothing is ever downloaded at run time), no ONNX Runtime "alternative engine" (which
 * would drag PyTorch into every ONNX model, STACK.md), and DJL's caches under the runtime's cache
 * directory instead of the user's home. Values already set by the operator win.
 */
public final class EngineEnvironment {
  private EngineEnvironment() {}

  /** Applies the settings for {@code config}. */
  public static void apply(RuntimeConfig config) {
    setIfAbsent("ai.djl.offline", "true");
    setIfAbsent("ai.djl.onnx.disable_alternative", "true");
    Path djl = config.cacheDir().resolve("djl");
    setIfAbsent("DJL_CACHE_DIR", djl.toString());
    setIfAbsent("ENGINE_CACHE_DIR", djl.resolve("engines").toString());
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null && System.getenv(key) == null) {
      System.setProperty(key, value);
    }
  }
}
