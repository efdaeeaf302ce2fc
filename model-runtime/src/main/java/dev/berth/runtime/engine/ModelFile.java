package dev.berth.runtime.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The one file in a model directory that the engine loads, and the engine that loads it: the engine
 * named in {@code serving.properties}, else the one whose extension the directory's files have.
 * Several candidates are resolved by preferring {@code model.<ext>}.
 *
 * @param path the model file
 * @param engine the engine that loads it
 */
record ModelFile(Path path, EngineKind engine) {

  /** The model's name for DJL: the file name without its extension ({@code .pth} is kept). */
  String djlModelName() {
    String file = path.getFileName().toString();
    // PtModel appends ".pt" to a bare name, so a .pth file must be named in full.
    if (file.endsWith(".pth")) {
      return file;
    }
    return file.substring(0, file.lastIndexOf('.'));
  }

  static ModelFile find(Path modelDir, ServingProperties props) throws ModelLoadException {
    if (!Files.isDirectory(modelDir)) {
      throw new ModelLoadException("The model directory " + modelDir + " does not exist.");
    }
    List<Path> files = list(modelDir);
    EngineKind engine = props.engine() != null ? EngineKind.fromName(props.engine()) : null;
    List<ModelFile> candidates = new ArrayList<>();
    for (Path file : files) {
      for (EngineKind kind : EngineKind.values()) {
        if ((engine == null || engine == kind) && kind.loads(file.getFileName().toString())) {
          candidates.add(new ModelFile(file, kind));
        }
      }
    }
    if (candidates.isEmpty()) {
      throw new ModelLoadException(
          "No model file in "
              + modelDir
              + (engine == null
                  ? ": expected a *.onnx (ONNX Runtime) or a TorchScript *.pt (PyTorch) file"
                  : ": engine=" + engine.djlName() + " needs a " + extensionsOf(engine) + " file")
              + "; found "
              + (files.isEmpty()
                  ? "no files"
                  : files.stream().map(f -> f.getFileName().toString()).toList())
              + ".");
    }
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    return candidates.stream()
        .filter(c -> c.djlModelName().equals("model") || c.djlModelName().equals("model.pth"))
        .findFirst()
        .orElseThrow(
            () ->
                new ModelLoadException(
                    "Several model files in "
                        + modelDir
                        + " ("
                        + candidates.stream().map(c -> c.path().getFileName().toString()).toList()
                        + "); name the one to serve model.onnx or model.pt, or set engine= in "
                        + ServingProperties.FILE_NAME
                        + "."));
  }

  private static String extensionsOf(EngineKind engine) {
    return engine == EngineKind.ONNX_RUNTIME ? "*.onnx" : "*.pt or *.pth";
  }

  private static List<Path> list(Path dir) throws ModelLoadException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new ModelLoadException(
          "Cannot list the model directory " + dir + ": " + e.getMessage(), e);
    }
  }
}
