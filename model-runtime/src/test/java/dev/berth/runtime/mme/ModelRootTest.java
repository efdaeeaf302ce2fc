package dev.berth.runtime.mme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Target models resolve under the root, and nothing that could leave it is accepted. */
class ModelRootTest {

  @ParameterizedTest
  @CsvSource({
    "s3://models/mme, model-a.tar.gz, s3://models/mme/model-a.tar.gz",
    "s3://models/mme/, sub/dir/model.tar.gz, s3://models/mme/sub/dir/model.tar.gz",
    "http://store:9000/mme/, a.tar.gz, http://store:9000/mme/a.tar.gz",
    "file:///opt/ml/models, a, file:///opt/ml/models/a",
  })
  void aTargetIsJoinedToAUrlPrefix(String root, String target, String url) throws Exception {
    assertThat(ModelRoot.of(root).resolve(target)).isEqualTo(url);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "a/model.onnx", "b.tar.gz", "x..y.tar.gz"})
  void aTargetIsResolvedUnderADirectory(String target) throws Exception {
    assertThat(ModelRoot.of("/opt/ml/models").resolve(target))
        .isEqualTo(Path.of("/opt/ml/models", target).toString());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "../x",
        "a/../../x",
        "a/..",
        "./a",
        "/etc/passwd",
        "a//b",
        "a\\..\\b",
        "a/"
      })
  void aTargetThatCouldLeaveTheRootIsRefused(String target) {
    assertThatThrownBy(() -> ModelRoot.of("s3://models/mme").resolve(target))
        .isInstanceOf(InvalidTargetModelException.class);
    assertThatThrownBy(() -> ModelRoot.of("/opt/ml/models").resolve(target))
        .isInstanceOf(InvalidTargetModelException.class);
  }
}
