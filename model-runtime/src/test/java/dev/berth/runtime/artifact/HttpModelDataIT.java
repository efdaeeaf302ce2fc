package dev.berth.runtime.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model data over real HTTP, from a {@link FakeModelStore} on loopback. */
class HttpModelDataIT {

  @TempDir Path cache;

  private final FakeModelStore store;
  private final ModelArtifacts artifacts =
      new ModelArtifacts(S3Settings.defaults(), ArtifactLimits.defaults());

  HttpModelDataIT() throws IOException {
    store = new FakeModelStore();
  }

  @AfterEach
  void close() {
    artifacts.close();
    store.close();
  }

  @Test
  void aTarGzOverHttpIsDownloadedAndUnpacked() {
    store.put(
        "/models/mlp/model.tar.gz",
        TestArchive.create()
            .file("model.onnx", "weights")
            .file("serving.properties", "engine=OnnxRuntime")
            .tarGz());

    Path dir =
        artifacts.materialize(
            ArtifactRequest.modelData(store.url("/models/mlp/model.tar.gz"), true, cache));

    assertThat(dir.resolve("model.onnx")).hasContent("weights");
    assertThat(dir.resolve("serving.properties")).hasContent("engine=OnnxRuntime");
  }

  @Test
  void aSecondMaterializeOfTheSameUrlDownloadsNothing() {
    store.put("/m.tar.gz", TestArchive.create().file("model.onnx", "weights").tarGz());
    String url = store.url("/m.tar.gz");

    Path first = artifacts.materialize(ArtifactRequest.modelData(url, true, cache));
    Path second;
    try (ModelArtifacts secondRuntime =
        new ModelArtifacts(S3Settings.defaults(), ArtifactLimits.defaults())) {
      second = secondRuntime.materialize(ArtifactRequest.modelData(url, true, cache));
    }

    assertThat(second).isEqualTo(first);
    assertThat(store.getsOf("/m.tar.gz")).isEqualTo(1);
  }

  @Test
  void a404FailsWithTheStatusInTheReason() {
    String url = store.url("/missing.tar.gz");

    assertThatThrownBy(() -> artifacts.materialize(ArtifactRequest.modelData(url, true, cache)))
        .isInstanceOf(ModelDataNotFoundException.class)
        .hasMessage("Failed to download model data from " + url + ": 404 Not Found");
  }

  @Test
  void aPresignedQueryStringNeverReachesTheReason() {
    String url = store.url("/missing.tar.gz") + "?X-Amz-Signature=secret";

    assertThatThrownBy(() -> artifacts.materialize(ArtifactRequest.modelData(url, true, cache)))
        .isInstanceOf(ArtifactException.class)
        .hasMessage(
            "Failed to download model data from "
                + store.url("/missing.tar.gz")
                + "?…: 404 Not Found")
        .message()
        .doesNotContain("secret");
  }

  @Test
  void aServerThatIsNotThereFailsWithAClearReason() {
    String url = store.url("/m.tar.gz");
    store.close();

    assertThatThrownBy(() -> artifacts.materialize(ArtifactRequest.modelData(url, true, cache)))
        .isInstanceOf(ArtifactException.class)
        .isNotInstanceOf(ModelDataNotFoundException.class) // unreachable is not missing
        .hasMessageStartingWith("Failed to download model data from " + url + ": ");
  }

  @Test
  void anUncompressedPrefixOverHttpIsRefusedWithWhatToDo() {
    String url = store.url("/models/mlp/");

    assertThatThrownBy(() -> artifacts.materialize(ArtifactRequest.modelData(url, false, cache)))
        .isInstanceOf(ArtifactException.class)
        .hasMessage(
            "Model data at "
                + url
                + " is an uncompressed prefix, which HTTP cannot list: package the model as one"
                + " model.tar.gz, or serve it from s3:// or file://.");
  }
}
