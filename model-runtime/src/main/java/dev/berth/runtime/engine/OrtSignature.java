package dev.berth.runtime.engine;

import ai.djl.nn.Block;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.berth.runtime.codec.TensorSpec;
import dev.berth.runtime.codec.TensorType;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an ONNX model's input and output names, shapes and types from its ONNX Runtime session.
 *
 * <p>DJL 0.36 does not expose them: {@code describeInput()} gives names with null shapes, and
 * {@code describeOutput()} would run a forward pass on those null shapes. The session DJL opened
 * knows them, so it is read from DJL's block; should a DJL upgrade move that field, a second,
 * short-lived session on the same file reads them instead (slower, same answer).
 *
 * @param inputs the model's inputs, in the session's order
 * @param outputs the model's outputs, in the session's order
 */
record OrtSignature(List<TensorSpec> inputs, List<TensorSpec> outputs) {
  private static final Logger LOG = LoggerFactory.getLogger(OrtSignature.class);

  static OrtSignature read(Block block, Path modelFile) throws ModelLoadException {
    try {
      OrtSession session = sessionOf(block);
      if (session != null) {
        return of(session);
      }
      LOG.info("DJL's ONNX Runtime block hides its session; reading {} once more", modelFile);
      try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
          OrtSession own =
              OrtEnvironment.getEnvironment().createSession(modelFile.toString(), options)) {
        return of(own);
      }
    } catch (OrtException e) {
      throw new ModelLoadException(
          "ONNX Runtime cannot describe " + modelFile + ": " + e.getMessage(), e);
    }
  }

  private static OrtSession sessionOf(Block block) {
    try {
      Field field = block.getClass().getDeclaredField("session");
      field.setAccessible(true);
      return field.get(block) instanceof OrtSession session ? session : null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  private static OrtSignature of(OrtSession session) throws OrtException, ModelLoadException {
    return new OrtSignature(
        specs(session.getInputInfo(), "input"), specs(session.getOutputInfo(), "output"));
  }

  private static List<TensorSpec> specs(Map<String, NodeInfo> infos, String role)
      throws ModelLoadException {
    List<TensorSpec> specs = new ArrayList<>(infos.size());
    for (Map.Entry<String, NodeInfo> entry : infos.entrySet()) {
      if (!(entry.getValue().getInfo() instanceof TensorInfo tensor)) {
        throw new ModelLoadException(
            "The model's "
                + role
                + " '"
                + entry.getKey()
                + "' is not a tensor ("
                + entry.getValue().getInfo()
                + "); Berth serves tensor inputs and outputs only.");
      }
      specs.add(
          new TensorSpec(entry.getKey(), type(entry.getKey(), role, tensor), tensor.getShape()));
    }
    return List.copyOf(specs);
  }

  private static TensorType type(String name, String role, TensorInfo tensor)
      throws ModelLoadException {
    return switch (tensor.type) {
      case FLOAT -> TensorType.FLOAT32;
      case DOUBLE -> TensorType.FLOAT64;
      case INT32 -> TensorType.INT32;
      case INT64 -> TensorType.INT64;
      case INT8 -> TensorType.INT8;
      case UINT8 -> TensorType.UINT8;
      case BOOL -> TensorType.BOOL;
      default ->
          throw new ModelLoadException(
              "The model's "
                  + role
                  + " '"
                  + name
                  + "' has element type "
                  + tensor.type
                  + "; Berth serves FP32, FP64, INT8, UINT8, INT32, INT64 and BOOL.");
    };
  }
}
