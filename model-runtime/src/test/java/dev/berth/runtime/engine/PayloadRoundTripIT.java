package dev.berth.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.runtime.codec.BadPayloadException;
import dev.berth.runtime.codec.Codecs;
import dev.berth.runtime.codec.DecodedRequest;
import dev.berth.runtime.codec.EncodedResponse;
import dev.berth.runtime.codec.Npy;
import dev.berth.runtime.codec.Tensor;
import dev.berth.runtime.codec.UnsupportedMediaTypeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every payload format through the real MLP on ONNX Runtime, as the server will drive it. */
class PayloadRoundTripIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final float[] X = {1, 2, 3, 4};
  private static final float[] Y = OnnxModels.mlp(X);

  @TempDir static Path dir;
  private static InferenceModel model;

  @BeforeAll
  static void load() throws Exception {
    OnnxModels.writeMlp(dir);
    model = ModelLoader.load(dir, ServingProperties.defaults(), "cpu");
    model.warmUp();
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static EncodedResponse invoke(String contentType, byte[] body, String accept)
      throws Exception {
    DecodedRequest request = Codecs.decode(contentType, body, model.inputs());
    var outputs = model.predict(request.inputs()).get(30, TimeUnit.SECONDS);
    return Codecs.encode(accept, request, outputs, model.outputs());
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The JSON text of one output row; the values are exact, so text comparison is exact. */
  private static String rowOf(float[] y) {
    return JSON.valueToTree(y).toString();
  }

  @Test
  void openInferenceProtocol() throws Exception {
    String body =
        "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,4],\"datatype\":\"FP32\",\"data\":[1,2,3,4]}]}";
    JsonNode response = JSON.readTree(invoke("application/json", utf8(body), null).bytes());
    JsonNode output = response.get("outputs").get(0);
    assertThat(output.get("name").asText()).isEqualTo("output");
    assertThat(output.get("shape").toString()).isEqualTo("[1,3]");
    assertThat(output.get("datatype").asText()).isEqualTo("FP32");
    assertThat(output.get("data").toString()).isEqualTo(rowOf(Y));
  }

  @Test
  void instances() throws Exception {
    JsonNode response =
        JSON.readTree(
            invoke("application/json", utf8("{\"instances\":[[1,2,3,4]]}"), null).bytes());
    assertThat(response.get("predictions").get(0).toString()).isEqualTo(rowOf(Y));
  }

  @Test
  void bareArray() throws Exception {
    JsonNode response =
        JSON.readTree(invoke("application/json", utf8("[[1,2,3,4]]"), "*/*").bytes());
    assertThat(response.get(0).toString()).isEqualTo(rowOf(Y));
  }

  @Test
  void csv() throws Exception {
    EncodedResponse response = invoke("text/csv; charset=utf-8", utf8("1,2,3,4\n"), null);
    assertThat(response.contentType()).isEqualTo("text/csv");
    assertThat(new String(response.bytes(), StandardCharsets.UTF_8))
        .isEqualTo(Y[0] + "," + Y[1] + "," + Y[2] + "\n");
  }

  @Test
  void npy() throws Exception {
    Tensor input = Tensor.ofFloats("x", new long[] {1, 4}, X);
    EncodedResponse response = invoke("application/x-npy", Npy.write(input, input.shape()), null);
    Tensor output = Npy.read(response.bytes(), "output");
    assertThat(output.shape()).containsExactly(1, 3);
    assertThat(output.toFloats()).containsExactly(Y);
  }

  @Test
  void badShapeNamesWhatTheModelExpects() {
    assertThatThrownBy(() -> invoke("text/csv", utf8("1,2,3\n"), null))
        .isInstanceOf(BadPayloadException.class)
        .hasMessage("Input 'input' expects shape [-1, 4] of FP32; got a row of 3 values.");
  }

  @Test
  void unsupportedContentTypeIsRefused() {
    assertThatThrownBy(() -> invoke("application/x-image", new byte[] {1}, null))
        .isInstanceOf(UnsupportedMediaTypeException.class);
  }
}
