package dev.berth.runtime.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The three JSON styles of {@code application/json}: Open Inference Protocol v2 ({@code {"inputs":
 * [...]}}), instances ({@code {"instances": [...]}}) and a bare nested array. The style is read
 * from the body; the answer is written in the request's style.
 */
final class JsonPayloads {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonPayloads() {}

  static DecodedRequest decode(byte[] body, List<TensorSpec> specs) {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw InputMatcher.unreadable(
          "The body is not valid JSON (" + e.getOriginalMessage() + ").", specs);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (root == null || root.isMissingNode()) {
      throw InputMatcher.unreadable("The body is empty.", specs);
    }
    if (root.isObject() && root.has("inputs")) {
      return decodeOip(root, specs);
    }
    if (root.isObject() && root.has("instances")) {
      return decodeInstances(root.get("instances"), specs);
    }
    if (root.isArray()) {
      return decodeBare(root, specs);
    }
    throw InputMatcher.unreadable(
        "JSON bodies are {\"inputs\": [...]} (Open Inference Protocol v2), {\"instances\": [...]}"
            + " or a nested array.",
        specs);
  }

  private static DecodedRequest decodeOip(JsonNode root, List<TensorSpec> specs) {
    JsonNode inputs = root.get("inputs");
    if (!inputs.isArray()) {
      throw InputMatcher.unreadable("\"inputs\" must be an array of tensors.", specs);
    }
    Map<String, Tensor> byName = new HashMap<>();
    List<Tensor> inRequestOrder = new ArrayList<>();
    for (JsonNode input : inputs) {
      Tensor tensor = oipTensor(input, specs);
      if (byName.put(tensor.name(), tensor) != null) {
        throw InputMatcher.unreadable("Input '" + tensor.name() + "' is given twice.", specs);
      }
      inRequestOrder.add(tensor);
    }
    JsonNode id = root.get("id");
    String requestId = id == null || id.isNull() ? null : id.asText();
    if (specs.isEmpty()) {
      return new DecodedRequest(PayloadFormat.OIP_V2, inRequestOrder, requestId, false);
    }
    List<Tensor> ordered = new ArrayList<>();
    for (TensorSpec spec : specs) {
      Tensor tensor = byName.get(spec.name());
      if (tensor == null) {
        throw InputMatcher.mismatch(spec, "no input of that name");
      }
      ordered.add(tensor);
    }
    return new DecodedRequest(PayloadFormat.OIP_V2, ordered, requestId, false);
  }

  private static Tensor oipTensor(JsonNode input, List<TensorSpec> specs) {
    String name = text(input, "name", specs);
    TensorSpec spec =
        specs.isEmpty()
            ? TensorSpec.unknown(name)
            : specs.stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(
                    () ->
                        InputMatcher.unreadable(
                            "Input '" + name + "' is not an input of this model.", specs));
    TensorType type;
    try {
      type = TensorType.fromOipName(text(input, "datatype", specs));
    } catch (IllegalArgumentException e) {
      throw InputMatcher.mismatch(spec, "datatype '" + input.get("datatype").asText() + "'");
    }
    if (spec.type() != null && spec.type() != type) {
      throw InputMatcher.mismatch(spec, "datatype " + type.oipName());
    }
    JsonNode shapeNode = input.get("shape");
    if (shapeNode == null || !shapeNode.isArray()) {
      throw InputMatcher.mismatch(spec, "no \"shape\" array");
    }
    long[] shape = new long[shapeNode.size()];
    for (int i = 0; i < shape.length; i++) {
      if (!shapeNode.get(i).canConvertToLong() || shapeNode.get(i).asLong() < 0) {
        throw InputMatcher.mismatch(spec, "shape " + shapeNode);
      }
      shape[i] = shapeNode.get(i).asLong();
    }
    InputMatcher.fit(spec, shape, false);
    JsonNode data = input.get("data");
    if (data == null || !data.isArray()) {
      throw InputMatcher.mismatch(spec, "no \"data\" array");
    }
    List<JsonNode> leaves = NestedJson.leaves(data);
    if (leaves.size() != Tensor.elementCount(shape)) {
      throw InputMatcher.mismatch(
          spec, leaves.size() + " values for shape " + Arrays.toString(shape));
    }
    return new Tensor(name, type, shape, NestedJson.fill(leaves, type, "Input '" + name + "'"));
  }

  private static String text(JsonNode node, String field, List<TensorSpec> specs) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw InputMatcher.unreadable(
          "Each Open Inference Protocol input needs a \"" + field + "\" string.", specs);
    }
    return value.asText();
  }

  private static DecodedRequest decodeInstances(JsonNode instances, List<TensorSpec> specs) {
    if (!instances.isArray()) {
      throw InputMatcher.unreadable("\"instances\" must be an array.", specs);
    }
    if (specs.size() > 1) {
      return decodeNamedInstances(instances, specs);
    }
    TensorSpec spec = InputMatcher.single(specs, "An \"instances\" array of arrays");
    Tensor tensor = nested(instances, spec, false).tensor();
    return new DecodedRequest(PayloadFormat.INSTANCES, List.of(tensor), null, false);
  }

  /** Instances of a multi-input model are objects, one field per input: stacked per input. */
  private static DecodedRequest decodeNamedInstances(JsonNode instances, List<TensorSpec> specs) {
    List<Tensor> tensors = new ArrayList<>();
    for (TensorSpec spec : specs) {
      List<JsonNode> column = new ArrayList<>();
      for (JsonNode instance : instances) {
        JsonNode value = instance.isObject() ? instance.get(spec.name()) : null;
        if (value == null) {
          throw InputMatcher.mismatch(spec, "an instance without a \"" + spec.name() + "\" field");
        }
        column.add(value);
      }
      tensors.add(nested(MAPPER.valueToTree(column), spec, false).tensor());
    }
    return new DecodedRequest(PayloadFormat.INSTANCES, tensors, null, false);
  }

  private static DecodedRequest decodeBare(JsonNode root, List<TensorSpec> specs) {
    TensorSpec spec = InputMatcher.single(specs, "A bare JSON array");
    Decoded decoded = nested(root, spec, true);
    return new DecodedRequest(
        PayloadFormat.BARE_ARRAY, List.of(decoded.tensor()), null, decoded.promoted());
  }

  private record Decoded(Tensor tensor, boolean promoted) {}

  private static Decoded nested(JsonNode array, TensorSpec spec, boolean mayPromote) {
    long[] shape = NestedJson.shapeOf(array);
    InputMatcher.Fit fit = InputMatcher.fit(spec, shape, mayPromote);
    TensorType type = InputMatcher.typeFor(spec);
    Tensor tensor =
        new Tensor(
            spec.name(),
            type,
            fit.shape(),
            NestedJson.fill(array, shape, type, "Input '" + spec.name() + "'"));
    return new Decoded(tensor, fit.promoted());
  }

  /**
   * Writes {@code outputs} in {@code style}, one of the JSON formats; an Open Inference Protocol
   * answer names {@code modelName} unless it is null.
   */
  static byte[] encode(
      PayloadFormat style, DecodedRequest request, List<Tensor> outputs, String modelName) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator json = MAPPER.getFactory().createGenerator(out)) {
      switch (style) {
        case OIP_V2 -> writeOip(json, request, outputs, modelName);
        case INSTANCES -> writePredictions(json, outputs);
        case BARE_ARRAY -> writeBare(json, request.unbatched(), outputs);
        default -> throw new IllegalArgumentException(style + " is not a JSON style");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * The inference response of the Open Inference Protocol v2: {@code model_name}, the request's
   * {@code id} and the outputs. It has no {@code model_version}: a SageMaker model has none, and
   * the runtime serves one version of each model.
   */
  private static void writeOip(
      JsonGenerator json, DecodedRequest request, List<Tensor> outputs, String modelName)
      throws IOException {
    json.writeStartObject();
    if (modelName != null) {
      json.writeStringField("model_name", modelName);
    }
    if (request.id() != null) {
      json.writeStringField("id", request.id());
    }
    json.writeArrayFieldStart("outputs");
    for (Tensor output : outputs) {
      json.writeStartObject();
      json.writeStringField("name", output.name());
      json.writeArrayFieldStart("shape");
      for (long dim : output.shape()) {
        json.writeNumber(dim);
      }
      json.writeEndArray();
      json.writeStringField("datatype", output.type().oipName());
      json.writeFieldName("data");
      NestedJson.writeFlat(json, output);
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  /**
   * One prediction per instance: the output's row for a one-output model, an object of rows by
   * output name otherwise.
   */
  private static void writePredictions(JsonGenerator json, List<Tensor> outputs)
      throws IOException {
    json.writeStartObject();
    json.writeFieldName("predictions");
    if (outputs.size() == 1) {
      // The nested output is exactly the array of its rows.
      NestedJson.write(json, outputs.get(0), outputs.get(0).shape(), 0);
    } else {
      long rows = commonRows(outputs);
      json.writeStartArray();
      for (int row = 0; row < rows; row++) {
        json.writeStartObject();
        for (Tensor output : outputs) {
          long[] rowShape = Arrays.copyOfRange(output.shape(), 1, output.shape().length);
          json.writeFieldName(output.name());
          NestedJson.write(json, output, rowShape, row * (int) Tensor.elementCount(rowShape));
        }
        json.writeEndObject();
      }
      json.writeEndArray();
    }
    json.writeEndObject();
  }

  private static long commonRows(List<Tensor> outputs) {
    long rows = -1;
    for (Tensor output : outputs) {
      long[] shape = output.shape();
      if (shape.length == 0 || (rows >= 0 && shape[0] != rows)) {
        throw new UnsupportedMediaTypeException(
            "The model's outputs do not share a batch dimension, so they cannot be written as"
                + " per-instance predictions; ask for the Open Inference Protocol v2 form.");
      }
      rows = shape[0];
    }
    return rows;
  }

  private static void writeBare(JsonGenerator json, boolean unbatched, List<Tensor> outputs)
      throws IOException {
    if (outputs.size() == 1) {
      writeMaybeUnbatched(json, outputs.get(0), unbatched);
      return;
    }
    json.writeStartArray();
    for (Tensor output : outputs) {
      writeMaybeUnbatched(json, output, unbatched);
    }
    json.writeEndArray();
  }

  private static void writeMaybeUnbatched(JsonGenerator json, Tensor output, boolean unbatched)
      throws IOException {
    long[] shape = output.shape();
    if (unbatched && shape.length > 0 && shape[0] == 1) {
      shape = Arrays.copyOfRange(shape, 1, shape.length);
    }
    NestedJson.write(json, output, shape, 0);
  }
}
