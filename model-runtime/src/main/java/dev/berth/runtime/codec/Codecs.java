package dev.berth.runtime.codec;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns request bodies into model inputs and model outputs into response bodies, for every payload
 * format Berth speaks ({@link PayloadFormat}). Pure Java: knows neither HTTP nor DJL.
 *
 * <p>Usage:
 *
 * <pre>{@code
 * DecodedRequest request = Codecs.decode(contentType, body, model.inputs());
 * List<Tensor> outputs = model.predict(request.inputs()).join();
 * EncodedResponse response = Codecs.encode(accept, request, outputs, model.outputs());
 * }</pre>
 */
public final class Codecs {
  private Codecs() {}

  /**
   * Decodes a request body for a model with {@code inputs}.
   *
   * @param contentType the request's {@code Content-Type}; parameters are ignored
   * @param inputs the model's input specs; empty when the model declares none
   * @throws UnsupportedMediaTypeException for a type Berth does not read (415)
   * @throws BadPayloadException for a malformed body or one that does not fit the inputs (400)
   */
  public static DecodedRequest decode(String contentType, byte[] body, List<TensorSpec> inputs) {
    return decode(contentType, ByteBuffer.wrap(body == null ? new byte[0] : body), inputs);
  }

  /**
   * Decodes the request body in {@code body}'s remaining bytes, as {@link #decode(String, byte[],
   * List)} does. A {@code .npy} tensor is a view of {@code body}'s memory where its type needs no
   * cast (so a direct buffer reaches the engine without a copy); the caller must not change the
   * body afterwards.
   */
  public static DecodedRequest decode(
      String contentType, ByteBuffer body, List<TensorSpec> inputs) {
    String mediaType = PayloadFormat.requireReadable(contentType);
    return switch (mediaType) {
      case PayloadFormat.CSV_TYPE -> CsvPayloads.decode(bytes(body), inputs);
      case PayloadFormat.NPY_TYPE -> NpyPayloads.decode(body, inputs);
      default -> JsonPayloads.decode(bytes(body), inputs);
    };
  }

  /** The remaining bytes of {@code body}: its array when that holds exactly them, else a copy. */
  private static byte[] bytes(ByteBuffer body) {
    if (body.hasArray()
        && body.arrayOffset() == 0
        && body.position() == 0
        && body.remaining() == body.array().length) {
      return body.array();
    }
    byte[] copy = new byte[body.remaining()];
    body.duplicate().get(copy);
    return copy;
  }

  /**
   * Encodes a model's outputs in the format {@code accept} asks for: absent or {@code *}{@code /*}
   * means the request's own format; a JSON answer to a JSON request keeps the request's style, and
   * a JSON answer to a CSV or .npy request uses the Open Inference Protocol v2 form.
   *
   * @param accept the request's {@code Accept} header, or null
   * @param request what {@link #decode} returned for the request
   * @param outputs the model's outputs; a null or blank name is taken from {@code outputSpecs}
   * @param outputSpecs the model's output specs, in output order; may be empty
   * @throws UnsupportedMediaTypeException when Berth cannot write the outputs as asked (415)
   */
  public static EncodedResponse encode(
      String accept, DecodedRequest request, List<Tensor> outputs, List<TensorSpec> outputSpecs) {
    return encode(accept, request, outputs, outputSpecs, null);
  }

  /**
   * {@link #encode(String, DecodedRequest, List, List)} for the model named {@code modelName},
   * which an Open Inference Protocol v2 answer names in its {@code model_name}.
   *
   * @param modelName the model's name, or null to leave {@code model_name} out
   */
  public static EncodedResponse encode(
      String accept,
      DecodedRequest request,
      List<Tensor> outputs,
      List<TensorSpec> outputSpecs,
      String modelName) {
    String mediaType = PayloadFormat.responseMediaType(accept, request.format().mediaType());
    List<Tensor> named = named(outputs, outputSpecs);
    byte[] bytes =
        switch (mediaType) {
          case PayloadFormat.CSV_TYPE -> CsvPayloads.encode(named);
          case PayloadFormat.NPY_TYPE -> NpyPayloads.encode(request, named);
          default -> JsonPayloads.encode(jsonStyle(request.format()), request, named, modelName);
        };
    return new EncodedResponse(mediaType, bytes);
  }

  private static PayloadFormat jsonStyle(PayloadFormat requestFormat) {
    return requestFormat.mediaType().equals(PayloadFormat.JSON)
        ? requestFormat
        : PayloadFormat.OIP_V2;
  }

  private static List<Tensor> named(List<Tensor> outputs, List<TensorSpec> specs) {
    List<Tensor> named = new ArrayList<>(outputs.size());
    for (int i = 0; i < outputs.size(); i++) {
      Tensor output = outputs.get(i);
      if (output.name() == null || output.name().isBlank()) {
        String name = i < specs.size() ? specs.get(i).name() : "output" + i;
        output = output.withName(name);
      }
      named.add(output);
    }
    return named;
  }
}
