package dev.berth.runtime.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model data from an S3-compatible store through the real AWS SDK client, configured the way a
 * MinIO deployment would be (endpoint override, path style, static keys), against a {@link
 * FakeModelStore} on loopback.
 */
class S3ModelDataIT {

  @TempDir Path cache;

  private final FakeModelStore store;
  private final ModelArtifacts artifacts;

  S3ModelDataIT() throws IOException {
    store = new FakeModelStore();
    artifacts =
        new ModelArtifacts(
            new S3Settings(store.endpoint(), "us-east-1", true, "AKIDFAKE", "fake-secret"),
            ArtifactLimits.defaults());
  }

  @AfterEach
  void close() {
    artifacts.close();
    store.close();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aTarGzFromS3IsDownloadedOnceAndSignedWithTheGivenKeys() {
    store.put(
        "/models/mlp/model.tar.gz", TestArchive.create().file("model.onnx", "weights").tarGz());
    String url = "s3://models/mlp/model.tar.gz";

    Path first = artifacts.materialize(ArtifactRequest.modelData(url, true, cache));
    Path second = artifacts.materialize(ArtifactRequest.modelData(url, true, cache));

    assertThat(first.resolve("model.onnx")).hasContent("weights");
    assertThat(second).isEqualTo(first);
    assertThat(store.getsOf("/models/mlp/model.tar.gz")).isEqualTo(1);
    assertThat(store.authorizations()).allMatch(a -> a.contains("Credential=AKIDFAKE/"));
  }

  @Test
  void aMissingKeyFailsWithTheS3ErrorInTheReason() {
    assertThatThrownBy(
            () ->
                artifacts.materialize(
                    ArtifactRequest.modelData("s3://models/missing.tar.gz", true, cache)))
        .isInstanceOf(ModelDataNotFoundException.class)
        .hasMessage(
            "Failed to download model data from s3://models/missing.tar.gz: 404 Not Found"
                + " (NoSuchKey: The specified key does not exist.)");
  }

  @Test
  void anUncompressedPrefixIsListedAndCopiedObjectByObject() {
    store
        .put("/models/mlp/model.onnx", utf8("weights"))
        .put("/models/mlp/code/inference.py", utf8("print('hi')"))
        .put("/models/mlp/", new byte[0]) // a console's folder marker
        .put("/models/mlp-other/model.onnx", utf8("not this one"));

    Path dir = artifacts.materialize(ArtifactRequest.modelData("s3://models/mlp", false, cache));

    assertThat(dir.resolve("model.onnx")).hasContent("weights");
    assertThat(dir.resolve("code/inference.py")).hasContent("print('hi')");
    assertThat(dir.resolve("model-other")).doesNotExist();
    assertThat(dir.toFile().list()).containsExactlyInAnyOrder("model.onnx", "code");
  }

  @Test
  void aSecondMaterializeOfAnUncompressedPrefixListsAndDownloadsNothing() {
    store.put("/models/mlp/model.onnx", utf8("weights"));

    Path first = artifacts.materialize(ArtifactRequest.modelData("s3://models/mlp/", false, cache));
    Path second =
        artifacts.materialize(ArtifactRequest.modelData("s3://models/mlp/", false, cache));

    assertThat(second).isEqualTo(first);
    assertThat(store.getsOf("/models/mlp/model.onnx")).isEqualTo(1);
  }

  @Test
  void aKeyThatClimbsOutOfThePrefixIsRefused() {
    store.put("/models/mlp/../../escaped", utf8("x"));

    assertThatThrownBy(
            () ->
                artifacts.materialize(ArtifactRequest.modelData("s3://models/mlp/", false, cache)))
        .isInstanceOf(ArtifactException.class)
        .hasMessage(
            "Failed to download model data from s3://models/mlp/: object '../../escaped' escapes"
                + " the model directory.");
  }

  @Test
  void anEmptyPrefixFailsWithAClearReason() {
    assertThatThrownBy(
            () ->
                artifacts.materialize(ArtifactRequest.modelData("s3://models/none/", false, cache)))
        .isInstanceOf(ModelDataNotFoundException.class)
        .hasMessage(
            "Failed to download model data from s3://models/none/: the prefix holds no objects");
  }
}
