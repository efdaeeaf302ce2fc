package dev.berth.runtime.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodecsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TensorSpec INPUT =
      new TensorSpec("input", TensorType.FLOAT32, new long[] {-1, 4});
  private static final TensorSpec OUTPUT =
      new TensorSpec("output", TensorType.FLOAT32, new long[] {-1, 3});
  private static final List<TensorSpec> INPUTS = List.of(INPUT);
  private static final List<TensorSpec> OUTPUTS = List.of(OUTPUT);

  /** Stands in for the model: 3 values per row, the row's sum, first and last value. */
  private static List<Tensor> fakeModel(DecodedRequest request) {
    Tensor in = request.inputs().get(0);
    float[] x = in.toFloats();
    int rows = (int) in.shape()[0];
    float[] y = new float[rows * 3];
    for (int r = 0; r < rows; r++) {
      y[r * 3] = x[r * 4] + x[r * 4 + 1] + x[r * 4 + 2] + x[r * 4 + 3];
      y[r * 3 + 1] = x[r * 4];
      y[r * 3 + 2] = x[r * 4 + 3];
    }
    return List.of(Tensor.ofFloats("output", new long[] {rows, 3}, y));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static JsonNode json(EncodedResponse response) throws Exception {
    assertThat(response.contentType()).isEqualTo("application/json");
    return JSON.readTree(response.bytes());
  }

  @Test
  void openInferenceProtocolRequestIsAnsweredInKind() throws Exception {
    String body =
        """
        {"id": "r1", "inputs": [{"name": "input", "shape": [2, 4], "datatype": "FP32",
          "data": [1, 2, 3, 4, 5, 6, 7, 8]}]}""";
    DecodedRequest request = Codecs.decode("application/json; charset=utf-8", utf8(body), INPUTS);

    assertThat(request.format()).isEqualTo(PayloadFormat.OIP_V2);
    assertThat(request.inputs().get(0).shape()).containsExactly(2, 4);
    JsonNode response = json(Codecs.encode(null, request, fakeModel(request), OUTPUTS));
    assertThat(response.toString())
        .isEqualTo(
            "{\"id\":\"r1\",\"outputs\":[{\"name\":\"output\",\"shape\":[2,3],"
                + "\"datatype\":\"FP32\",\"data\":[10.0,1.0,4.0,26.0,5.0,8.0]}]}");
  }

  @Test
  void openInferenceProtocolAnswerNamesTheModel() throws Exception {
    String body =
        """
        {"id": "r2", "inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32",
          "data": [1, 2, 3, 4]}]}""";
    DecodedRequest request = Codecs.decode("application/json", utf8(body), INPUTS);

    JsonNode response =
        json(Codecs.encode(null, request, fakeModel(request), OUTPUTS, "resnet-a.tar.gz"));

    assertThat(response.get("model_name").asText()).isEqualTo("resnet-a.tar.gz");
    assertThat(response.get("id").asText()).isEqualTo("r2");
    assertThat(response.has("model_version")).isFalse();
  }

  @Test
  void aJsonAnswerToANpyRequestNamesTheModelToo() throws Exception {
    byte[] body = Npy.write(Tensor.ofFloats("x", new long[] {1, 4}, 1, 2, 3, 4), new long[] {1, 4});
    DecodedRequest request = Codecs.decode("application/x-npy", body, INPUTS);

    JsonNode response =
        json(Codecs.encode("application/json", request, fakeModel(request), OUTPUTS, "model"));

    assertThat(response.get("model_name").asText()).isEqualTo("model");
    assertThat(response.get("outputs").get(0).get("shape").toString()).isEqualTo("[1,3]");
  }

  @Test
  void npyInADirectBufferIsDecodedAsAViewOfThatMemory() {
    byte[] file =
        Npy.write(
            Tensor.ofFloats("x", new long[] {2, 4}, 1, 2, 3, 4, 5, 6, 7, 8), new long[] {2, 4});
    java.nio.ByteBuffer body =
        java.nio.ByteBuffer.allocateDirect(file.length)
            .order(java.nio.ByteOrder.LITTLE_ENDIAN)
            .put(file)
            .flip();

    Tensor input = Codecs.decode("application/x-npy", body, INPUTS).inputs().get(0);

    assertThat(input.data().isDirect()).isTrue();
    assertThat(input.toFloats()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    body.putFloat(file.length - 4, 80f); // the tensor shares the body's memory: no copy was made
    assertThat(input.toFloats()[7]).isEqualTo(80f);
  }

  @Test
  void openInferenceProtocolAcceptsNestedData() {
    String body =
        """
        {"inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32", "data": [[1, 2, 3, 4]]}]}""";
    DecodedRequest request = Codecs.decode("application/json", utf8(body), INPUTS);
    assertThat(request.inputs().get(0).toFloats()).containsExactly(1, 2, 3, 4);
  }

  @Test
  void openInferenceProtocolWithWrongDatatypeNamesTheExpectedOne() {
    String body =
        """
        {"inputs": [{"name": "input", "shape": [1, 4], "datatype": "INT64", "data": [1, 2, 3, 4]}]}""";
    assertThatThrownBy(() -> Codecs.decode("application/json", utf8(body), INPUTS))
        .isInstanceOf(BadPayloadException.class)
        .hasMessage("Input 'input' expects shape [-1, 4] of FP32; got datatype INT64.");
  }

  @Test
  void openInferenceProtocolWithUnknownInputNamesTheModelsInputs() {
    String body =
        """
        {"inputs": [{"name": "x", "shape": [1, 4], "datatype": "FP32", "data": [1, 2, 3, 4]}]}""";
    assertThatThrownBy(() -> Codecs.decode("application/json", utf8(body), INPUTS))
        .isInstanceOf(BadPayloadException.class)
        .hasMessage(
            "Input 'x' is not an input of this model. The model takes input 'input' [-1, 4] FP32.");
  }

  @Test
  void openInferenceProtocolWithTooFewValuesSaysHowMany() {
    String body =
        """
        {"inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32", "data": [1, 2, 3]}]}""";
    assertThatThrownBy(() -> Codecs.decode("application/json", utf8(body), INPUTS))
        .isInstanceOf(BadPayloadException.class)
        .hasMessage("Input 'input' expects shape [-1, 4] of FP32; got 3 values for shape [1, 4].");
  }

  @Test
  void instancesAreAnsweredWithPredictions() throws Exception {
    DecodedRequest request =
        Codecs.decode("application/json", utf8("{\"instances\": [[1,2,3,4],[0,0,0,1]]}"), INPUTS);

    assertThat(request.format()).isEqualTo(PayloadFormat.INSTANCES);
    JsonNode response = json(Codecs.encode("*/*", request, fakeModel(request), OUTPUTS));
    assertThat(response.toString()).isEqualTo("{\"predictions\":[[10.0,1.0,4.0],[1.0,0.0,1.0]]}");
  }

  @Test
  void bareArrayIsAnsweredWithBareArray() throws Exception {
    DecodedRequest request = Codecs.decode("application/json", utf8("[[1,2,3,4]]"), INPUTS);

    assertThat(request.format()).isEqualTo(PayloadFormat.BARE_ARRAY);
    assertThat(request.unbatched()).isFalse();
    JsonNode response =
        json(Codecs.encode("application/json", request, fakeModel(request), OUTPUTS));
    assertThat(response.toString()).isEqualTo("[[10.0,1.0,4.0]]");
  }

  @Test
  void bareArrayWithoutBatchDimensionIsOneInstanceAndAnsweredWithout() throws Exception {
    DecodedRequest request = Codecs.decode("application/json", utf8("[1,2,3,4]"), INPUTS);

    assertThat(request.unbatched()).isTrue();
    assertThat(request.inputs().get(0).shape()).containsExactly(1, 4);
    JsonNode response = json(Codecs.encode(null, request, fakeModel(request), OUTPUTS));
    assertThat(response.toString()).isEqualTo("[10.0,1.0,4.0]");
  }

  @Test
  void bareArrayOfWrongWidthNamesTheExpectedShape() {
    assertThatThrownBy(() -> Codecs.decode("application/json", utf8("[[1,2,3]]"), INPUTS))
        .isInstanceOf(BadPayloadException.class)
        .hasMessage("Input 'input' expects shape [-1, 4] of FP32; got shape [1, 3].");
  }

  @Test
  void raggedArrayIsRefused() {
    assertThatThrownBy(() -> Codecs.decode("application/json", utf8("[[1,2,3,4],[1,2]]"), INPUTS))
        .isInstanceOf(BadPayloadException.class)
        .hasMessageContaining("not a rectangular array of shape [2, 4]");
  }

  @Test
  void invalidJsonSaysWhatTheModelTakes() {
    assertThatThrownBy(() -> Codecs.decode("application/json", utf8("{\"inputs\": [1,"), INPUTS))
        .isInstanceOf(BadPayloadException.class)
        .hasMessageStartingWith("The body is not valid JSON")
        .hasMessageEndingWith("The model takes input 'input' [-1, 4] FP32.");
  }

  @Test
  void csvRowsAreAnsweredWithCsvRows() {
    DecodedRequest request = Codecs.decode("text/csv", utf8("1,2,3,4\n0.5,0,0,1\n"), INPUTS);

    assertThat(request.inputs().get(0).shape()).containsExactly(2, 4);
    EncodedResponse response = Codecs.encode(null, request, fakeModel(request), OUTPUTS);
    assertThat(response.contentType()).isEqualTo("text/csv");
    assertThat(new String(response.bytes(), StandardCharsets.UTF_8))
        .isEqualTo("10.0,1.0,4.0\n1.5,0.5,1.0\n");
  }

  @Test
  void csvRowOfWrongWidthNamesTheExpectedShape() {
    assertThatThrownBy(() -> Codecs.decode("text/csv", utf8("1,2,3\n"), INPUTS))
        .isInstanceOf(BadPayloadException.class)
        .hasMessage("Input 'input' expects shape [-1, 4] of FP32; got a row of 3 values.");
  }

  @Test
  void csvHeaderIsRefusedWithItsPosition() {
    assertThatThrownBy(() -> Codecs.decode("text/csv", utf8("a,b,c,d\n1,2,3,4\n"), INPUTS))
        .isInstanceOf(BadPayloadException.class)
        .hasMessage(
            "Input 'input' expects shape [-1, 4] of FP32; got 'a' on line 1, column 1 (no header"
                + " allowed).");
  }

  @Test
  void npyIsAnsweredWithNpy() {
    byte[] body = Npy.write(Tensor.ofFloats("x", new long[] {1, 4}, 1, 2, 3, 4), new long[] {1, 4});
    DecodedRequest request = Codecs.decode("application/x-npy", body, INPUTS);

    EncodedResponse response = Codecs.encode(null, request, fakeModel(request), OUTPUTS);
    assertThat(response.contentType()).isEqualTo("application/x-npy");
    Tensor answer = Npy.read(response.bytes(), "output");
    assertThat(answer.shape()).containsExactly(1, 3);
    assertThat(answer.toFloats()).containsExactly(10, 1, 4);
  }

  @Test
  void npyFloat64IsCastToTheModelsFloat32() {
    Tensor doubles =
        new Tensor(
            "x",
            TensorType.FLOAT64,
            new long[] {4},
            java.nio.ByteBuffer.allocate(32)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putDouble(1)
                .putDouble(2)
                .putDouble(3)
                .putDouble(4)
                .flip());
    DecodedRequest request =
        Codecs.decode("application/x-npy", Npy.write(doubles, new long[] {4}), INPUTS);

    Tensor input = request.inputs().get(0);
    assertThat(input.type()).isEqualTo(TensorType.FLOAT32);
    assertThat(input.shape()).containsExactly(1, 4);
    assertThat(request.unbatched()).isTrue();
    assertThat(input.toFloats()).containsExactly(1, 2, 3, 4);
    Tensor answer =
        Npy.read(Codecs.encode(null, request, fakeModel(request), OUTPUTS).bytes(), "o");
    assertThat(answer.shape()).containsExactly(3);
  }

  @Test
  void npyOfWrongShapeNamesTheExpectedShape() {
    byte[] body = Npy.write(Tensor.ofFloats("x", new long[] {2, 2}, 1, 2, 3, 4), new long[] {2, 2});
    assertThatThrownBy(() -> Codecs.decode("application/x-npy", body, INPUTS))
        .isInstanceOf(BadPayloadException.class)
        .hasMessage("Input 'input' expects shape [-1, 4] of FP32; got shape [2, 2].");
  }

  @Test
  void acceptChoosesTheResponseFormat() throws Exception {
    DecodedRequest request = Codecs.decode("text/csv", utf8("1,2,3,4\n"), INPUTS);

    EncodedResponse asJson =
        Codecs.encode("application/json;q=0.9, text/plain", request, fakeModel(request), OUTPUTS);
    assertThat(json(asJson).get("outputs").get(0).get("data").toString())
        .isEqualTo("[10.0,1.0,4.0]");
    EncodedResponse asNpy =
        Codecs.encode("application/x-npy", request, fakeModel(request), OUTPUTS);
    assertThat(Npy.read(asNpy.bytes(), "o").toFloats()).containsExactly(10, 1, 4);
  }

  @Test
  void unsupportedContentTypeIsA415() {
    assertThatThrownBy(() -> Codecs.decode("image/png", new byte[] {1}, INPUTS))
        .isInstanceOf(UnsupportedMediaTypeException.class)
        .hasMessage(
            "Content-Type 'image/png' is not supported; use one of application/json, text/csv,"
                + " application/x-npy.");
    assertThatThrownBy(() -> Codecs.decode(null, new byte[] {1}, INPUTS))
        .isInstanceOf(UnsupportedMediaTypeException.class);
  }

  @Test
  void unsupportedAcceptIsA415() {
    DecodedRequest request = Codecs.decode("text/csv", utf8("1,2,3,4\n"), INPUTS);
    assertThatThrownBy(() -> Codecs.encode("image/png", request, fakeModel(request), OUTPUTS))
        .isInstanceOf(UnsupportedMediaTypeException.class)
        .hasMessageContaining("application/json, text/csv, application/x-npy");
  }

  @Test
  void multiInputModelTakesNamedTensorsAndNamedInstances() throws Exception {
    List<TensorSpec> two =
        List.of(
            new TensorSpec("a", TensorType.FLOAT32, new long[] {-1, 2}),
            new TensorSpec("b", TensorType.INT64, new long[] {-1, 2}));
    String oip =
        """
        {"inputs": [{"name": "b", "shape": [1, 2], "datatype": "INT64", "data": [3, 4]},
                    {"name": "a", "shape": [1, 2], "datatype": "FP32", "data": [1, 2]}]}""";
    DecodedRequest request = Codecs.decode("application/json", utf8(oip), two);
    assertThat(request.inputs()).extracting(Tensor::name).containsExactly("a", "b");
    assertThat(request.inputs().get(1).type()).isEqualTo(TensorType.INT64);

    String instances =
        "{\"instances\": [{\"a\": [1, 2], \"b\": [3, 4]}, {\"a\": [5, 6], \"b\": [7, 8]}]}";
    DecodedRequest named = Codecs.decode("application/json", utf8(instances), two);
    assertThat(named.inputs().get(0).toFloats()).containsExactly(1, 2, 5, 6);
    assertThat(named.inputs().get(1).shape()).containsExactly(2, 2);

    List<Tensor> outputs =
        List.of(
            Tensor.ofFloats("sum", new long[] {2, 2}, 4, 6, 12, 14),
            Tensor.ofFloats("product", new long[] {2, 2}, 3, 8, 35, 48));
    assertThat(json(Codecs.encode(null, named, outputs, List.of())).toString())
        .isEqualTo(
            "{\"predictions\":[{\"sum\":[4.0,6.0],\"product\":[3.0,8.0]},"
                + "{\"sum\":[12.0,14.0],\"product\":[35.0,48.0]}]}");
  }

  @Test
  void singleTensorFormatsNameAllInputsOfAMultiInputModel() {
    List<TensorSpec> two =
        List.of(
            new TensorSpec("a", TensorType.FLOAT32, new long[] {-1, 2}),
            new TensorSpec("b", TensorType.FLOAT32, new long[] {-1, 2}));
    assertThatThrownBy(() -> Codecs.decode("text/csv", utf8("1,2\n"), two))
        .isInstanceOf(BadPayloadException.class)
        .hasMessageContaining("'a' [-1, 2] FP32, 'b' [-1, 2] FP32");
  }

  @Test
  void modelWithoutSignatureAcceptsAnyShape() {
    DecodedRequest request =
        Codecs.decode("application/json", utf8("[[1,2],[3,4],[5,6]]"), List.of());
    Tensor input = request.inputs().get(0);
    assertThat(input.name()).isEqualTo("input0");
    assertThat(input.shape()).containsExactly(3, 2);
    assertThat(input.type()).isEqualTo(TensorType.FLOAT32);
  }

  @Test
  void integerInputsKeepExactValues() throws Exception {
    List<TensorSpec> ids = List.of(new TensorSpec("ids", TensorType.INT64, new long[] {-1, 2}));
    DecodedRequest request =
        Codecs.decode("application/json", utf8("[[9007199254740993, -1]]"), ids);
    Tensor input = request.inputs().get(0);
    assertThat(input.type().getLong(input.data(), 0)).isEqualTo(9007199254740993L);
    assertThat(
            json(Codecs.encode(null, request, List.of(input.withName("out")), List.of()))
                .toString())
        .isEqualTo("[[9007199254740993,-1]]");
    assertThatThrownBy(() -> Codecs.decode("application/json", utf8("[[1.5, 2]]"), ids))
        .isInstanceOf(BadPayloadException.class)
        .hasMessage("Input 'ids' holds INT64 values; found 1.5.");
  }
}
