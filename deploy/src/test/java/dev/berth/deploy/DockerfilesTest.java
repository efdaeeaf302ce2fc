package dev.berth.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What can be checked of the images without a Docker engine: how the Dockerfiles build and start
 * Berth, and that what they start is a command the launcher has. Building and running them needs
 * Docker (see deploy/README.md).
 */
class DockerfilesTest {
  private static final Pattern USER = Pattern.compile("(?m)^USER\\s+(\\d+)(?::(\\d+))?\\s*$");

  @ParameterizedTest
  @ValueSource(strings = {"docker/Dockerfile", "docker/Dockerfile.gpu"})
  void theImageStartsBerthAsANonRootUserWithServeByDefault(String file) {
    String dockerfile = OverlaysTest.readDeployFile(file);
    String last = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));

    assertThat(last).contains("ENTRYPOINT [\"berth\"]").contains("CMD [\"serve\"]");
    assertThat(last).contains("COPY --chmod=0755 deploy/docker/berth /usr/local/bin/berth");
    assertThat(last).contains("COPY --from=build /berth.jar /opt/berth/berth.jar");
    Matcher user = USER.matcher(last);
    assertThat(user.find()).as("a numeric USER in the final stage of %s", file).isTrue();
    assertThat(Integer.parseInt(user.group(1))).isPositive();
    // The Deployments' runAsUser is the image's user.
    assertThat(OverlaysTest.readDeployFile("base/control-plane.yaml"))
        .contains("runAsUser: " + user.group(1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"docker/Dockerfile", "docker/Dockerfile.gpu"})
  void theBuildStageBuildsTheLaunchersShadedJarWithTheMavenWrapper(String file) {
    String dockerfile = OverlaysTest.readDeployFile(file);

    assertThat(dockerfile).contains("./mvnw -B").contains("-pl launcher -am package");
    assertThat(dockerfile).contains("cp launcher/target/berth.jar /berth.jar");
    // The jar the launcher module builds is called berth.jar.
    assertThat(readRepositoryFile("launcher/pom.xml")).contains("<finalName>berth</finalName>");
  }

  @Test
  void theGpuImageIsTheGpuBuildOnACudaRuntimeBase() {
    String dockerfile = OverlaysTest.readDeployFile("docker/Dockerfile.gpu");

    assertThat(dockerfile).contains("./mvnw -B -q -Pgpu ");
    assertThat(dockerfile)
        .containsPattern("ARG CUDA_IMAGE=nvidia/cuda:12\\.[0-9.]+-cudnn-runtime-");
    assertThat(dockerfile.substring(dockerfile.lastIndexOf("\nFROM ")))
        .startsWith("\nFROM ${CUDA_IMAGE}");
    assertThat(dockerfile).contains("ENV BERTH_IMAGE_VARIANT=gpu");
    assertThat(OverlaysTest.readDeployFile("docker/berth"))
        .contains("\"${BERTH_IMAGE_VARIANT:-}\" = \"gpu\"")
        .contains("export BERTH_DEVICE=gpu:0");
    // -Pgpu is the model runtime's profile with ONNX Runtime's CUDA build.
    assertThat(readRepositoryFile("model-runtime/pom.xml"))
        .contains("<id>gpu</id>")
        .contains("<artifactId>onnxruntime_gpu</artifactId>");
  }

  @Test
  void serveAndRuntimeAreTheSameLauncherCommand() {
    // SageMaker starts a hosting container with `serve`; the orchestrator starts Berth's image with
    // `runtime` and a model's own image with `serve`.
    for (String command : List.of("serve", "runtime")) {
      assertThat(LauncherArgs.parse(List.of(command)).command()).isEqualTo("runtime");
    }
  }

  @Test
  void everyRoleInTheDockerfilesUsageIsALauncherCommand() {
    String dockerfile = OverlaysTest.readDeployFile("docker/Dockerfile");
    Matcher run = Pattern.compile("(?m)^#\\s+docker run \\S+ (\\S+)").matcher(dockerfile);
    int roles = 0;
    while (run.find()) {
      roles++;
      assertThat(LauncherArgs.parse(Arrays.asList(run.group(1), "--help")).command())
          .isIn("control-plane", "data-plane", "runtime");
    }
    assertThat(roles).isEqualTo(3);
  }

  private static String readRepositoryFile(String path) {
    try {
      return java.nio.file.Files.readString(Manifests.deployDir().getParent().resolve(path));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
