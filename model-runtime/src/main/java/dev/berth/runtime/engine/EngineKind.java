package dev.berth.runtime.engine;

import java.util.List;
import java.util.Locale;

/** The DJL engines Berth serves with, and the model files each one loads. */
public enum EngineKind {
  /** ONNX Runtime, for {@code *.onnx}. */
  ONNX_RUNTIME("OnnxRuntime", List.of(".onnx")),
  /** PyTorch, for TorchScript {@code *.pt} / {@code *.pth}. */
  PYTORCH("PyTorch", List.of(".pt", ".pth"));

  private final String djlName;
  private final List<String> extensions;

  EngineKind(String djlName, List<String> extensions) {
    this.djlName = djlName;
    this.extensions = extensions;
  }

  /** The name DJL knows the engine by (and {@code engine=} in {@code serving.properties}). */
  public String djlName() {
    return djlName;
  }

  /** Whether {@code fileName} is a model file of this engine. */
  boolean loads(String fileName) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    return extensions.stream().anyMatch(lower::endsWith);
  }

  /**
   * The engine for an {@code engine=} value, case-insensitive.
   *
   * @throws ModelLoadException naming the engines Berth has
   */
  public static EngineKind fromName(String name) throws ModelLoadException {
    for (EngineKind kind : values()) {
      if (kind.djlName.equalsIgnoreCase(name.trim())) {
        return kind;
      }
    }
    throw new ModelLoadException(
        "engine="
            + name
            + " is not available; Berth serves with "
            + ONNX_RUNTIME.djlName
            + " (*.onnx) or "
            + PYTORCH.djlName
            + " (TorchScript *.pt).");
  }
}
