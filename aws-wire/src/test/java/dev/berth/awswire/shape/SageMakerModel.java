package dev.berth.awswire.shape;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The real SageMaker hosting model of the control plane, read as a file, loaded once per JVM. */
final class SageMakerModel {
  static final Path FILE =
      Path.of("../control-plane/src/main/resources/sagemaker/service-shapes.json");
  private static final ObjectMapper JSON = new ObjectMapper();
  static final ServiceModel MODEL = load();

  private SageMakerModel() {}

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectMapper mapper() {
    return JSON;
  }

  private static ServiceModel load() {
    try (InputStream in = Files.newInputStream(FILE)) {
      return ServiceModel.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
