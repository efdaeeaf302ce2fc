package dev.berth.runtime.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ModelArtifacts} with local directories and {@code file://} URLs: no network. */
class ModelArtifactsTest {

  @TempDir Path temp;

  private final ModelArtifacts artifacts =
      new ModelArtifacts(S3Settings.defaults(), ArtifactLimits.defaults());

  @AfterEach
  void close() {
    artifacts.close();
  }

  private Path cache() {
    return temp.resolve("cache");
  }

  private static String sha256(byte[] bytes) {
    return BoundedCopy.hex(BoundedCopy.sha256().digest(bytes));
  }

  private static List<Path> entries(Path cache) throws IOException {
    try (Stream<Path> children = Files.list(cache)) {
      return children.filter(p -> p.getFileName().toString().startsWith("sha256-")).toList();
    }
  }

  @Test
  void anExistingLocalDirectoryIsReturnedAsIs() throws IOException {
    Path dir = Files.createDirectories(temp.resolve("opt/ml/model"));

    assertThat(artifacts.materialize(ArtifactRequest.localDirectory(dir))).isEqualTo(dir);
  }

  @Test
  void aMissingLocalDirectoryFailsWithAClearReason() {
    Path dir = temp.resolve("opt/ml/model");

    assertThatThrownBy(() -> artifacts.materialize(ArtifactRequest.localDirectory(dir)))
        .isInstanceOf(ArtifactException.class)
        .hasMessage(
            "Model directory "
                + dir
                + " does not exist: put the model there, or give a model data URL to fetch it"
                + " from.");
  }

  @Test
  void aRequestWithoutUrlOrDirectoryMeansOptMlModel() {
    assertThat(new ArtifactRequest(null, " ", true, null).modelDir())
        .isEqualTo(Path.of("/opt/ml/model"));
  }

  @Test
  void aFileArchiveIsUnpackedIntoTheEntryNamedForItsBytes() throws IOException {
    byte[] archive = TestArchive.create().file("model.onnx", "weights").tarGz();
    Path file = Files.write(temp.resolve("model.tar.gz"), archive);

    Path dir =
        artifacts.materialize(ArtifactRequest.modelData(file.toUri().toString(), true, cache()));

    assertThat(dir).isEqualTo(cache().toAbsolutePath().resolve("sha256-" + sha256(archive)));
    assertThat(dir.resolve("model.onnx")).hasContent("weights");
    assertThat(cache().resolve("tmp")).isEmptyDirectory();
  }

  @Test
  void aSecondMaterializeOfTheSameUrlReusesTheCacheWithoutReading() throws IOException {
    Path file =
        TestArchive.create().file("model.onnx", "weights").writeTarGz(temp.resolve("m.tar.gz"));
    String url = file.toUri().toString();
    Path first = artifacts.materialize(ArtifactRequest.modelData(url, true, cache()));
    Files.delete(file); // a second read would now fail

    try (ModelArtifacts secondRuntime =
        new ModelArtifacts(S3Settings.defaults(), ArtifactLimits.defaults())) {
      Path second = secondRuntime.materialize(ArtifactRequest.modelData(url, true, cache()));

      assertThat(second).isEqualTo(first);
    }
  }

  @Test
  void twoUrlsWithTheSameBytesShareOneEntry() throws IOException {
    TestArchive archive = TestArchive.create().file("model.onnx", "weights");
    Path a = archive.writeTarGz(temp.resolve("a/model.tar.gz"));
    Path b = Files.copy(a, temp.resolve("b.tar.gz"));

    Path first =
        artifacts.materialize(ArtifactRequest.modelData(a.toUri().toString(), true, cache()));
    Path second =
        artifacts.materialize(ArtifactRequest.modelData(b.toUri().toString(), true, cache()));

    assertThat(second).isEqualTo(first);
    assertThat(entries(cache())).hasSize(1);
  }

  @Test
  void concurrentMaterializationsOfOneUrlAgreeOnOneEntry() throws Exception {
    Path file =
        TestArchive.create()
            .file("model.onnx", new byte[200_000], 0644)
            .writeTarGz(temp.resolve("m.tar.gz"));
    String url = file.toUri().toString();
    int runtimes = 6;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(runtimes);
    try {
      List<Future<Path>> results = new ArrayList<>();
      for (int i = 0; i < runtimes; i++) {
        // One ModelArtifacts each, like separate processes: nothing shared but the directory.
        results.add(
            pool.submit(
                () -> {
                  try (ModelArtifacts own =
                      new ModelArtifacts(S3Settings.defaults(), ArtifactLimits.defaults())) {
                    start.await();
                    return own.materialize(ArtifactRequest.modelData(url, true, cache()));
                  }
                }));
      }
      start.countDown();
      Set<Path> dirs = new HashSet<>();
      for (Future<Path> result : results) {
        dirs.add(result.get());
      }

      assertThat(dirs).hasSize(1);
      assertThat(dirs.iterator().next().resolve("model.onnx")).hasSize(200_000);
      assertThat(entries(cache())).hasSize(1);
      assertThat(cache().resolve("tmp")).isEmptyDirectory();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anUncompressedFileDirectoryIsCopiedFileByFile() throws IOException {
    Path source = Files.createDirectories(temp.resolve("source/model"));
    Files.writeString(source.resolve("model.onnx"), "weights");
    Files.createDirectories(source.resolve("code"));
    Files.writeString(source.resolve("code/inference.py"), "print('hi')");
    Files.createSymbolicLink(source.resolve("latest.onnx"), Path.of("model.onnx"));

    Path dir =
        artifacts.materialize(ArtifactRequest.modelData(source.toUri().toString(), false, cache()));

    assertThat(dir.getFileName().toString()).startsWith("sha256-");
    assertThat(dir.resolve("model.onnx")).hasContent("weights");
    assertThat(dir.resolve("code/inference.py")).hasContent("print('hi')");
    assertThat(dir.resolve("latest.onnx")).hasContent("weights");
  }

  @Test
  void anUncompressedDirectoryWithALinkOutsideIsRefused() throws IOException {
    Path source = Files.createDirectories(temp.resolve("source/model"));
    Files.writeString(temp.resolve("secret"), "secret");
    Files.createSymbolicLink(source.resolve("model.onnx"), temp.resolve("secret"));
    String url = source.toUri().toString();

    assertThatThrownBy(() -> artifacts.materialize(ArtifactRequest.modelData(url, false, cache())))
        .isInstanceOf(ArtifactException.class)
        .hasMessage(
            "Failed to download model data from "
                + url
                + ": symbolic link 'model.onnx' points outside the model directory");
  }

  @Test
  void aMissingFileUrlFailsWithAClearReason() {
    String url = temp.resolve("missing.tar.gz").toUri().toString();

    assertThatThrownBy(() -> artifacts.materialize(ArtifactRequest.modelData(url, true, cache())))
        .isInstanceOf(ArtifactException.class)
        .hasMessage(
            "Failed to download model data from "
                + url
                + ": no such file "
                + temp.resolve("missing.tar.gz"));
  }

  @Test
  void anUnsupportedSchemeIsRefused() {
    assertThatThrownBy(
            () ->
                artifacts.materialize(
                    ArtifactRequest.modelData("ftp://host/model.tar.gz", true, cache())))
        .isInstanceOf(ArtifactException.class)
        .hasMessage(
            "Model data URL 'ftp://host/model.tar.gz' is not supported: use file://, http://,"
                + " https:// or s3://bucket/key.");
  }

  @Test
  void aMaliciousArchiveLeavesNothingInTheCache() throws IOException {
    Path file =
        TestArchive.create()
            .file("model.onnx", "weights")
            .symlink("etc", "/etc")
            .writeTarGz(temp.resolve("evil.tar.gz"));
    String url = file.toUri().toString();

    assertThatThrownBy(() -> artifacts.materialize(ArtifactRequest.modelData(url, true, cache())))
        .isInstanceOf(ArtifactException.class)
        .hasMessage(
            "Failed to extract model data archive "
                + url
                + ": symbolic link 'etc' points to '/etc', outside the model directory.");
    assertThat(entries(cache())).isEmpty();
    assertThat(cache().resolve("tmp")).isEmptyDirectory();
    assertThat(cache().resolve("by-url")).doesNotExist();
  }

  @Test
  void anArchiveLargerThanTheLimitIsNotDownloadedWhole() throws IOException {
    Path file =
        TestArchive.create()
            .file("model.onnx", new java.util.Random(1).ints(4096).toString().getBytes(), 0644)
            .writeTarGz(temp.resolve("big.tar.gz"));
    byte[] noise = new byte[8192];
    new java.util.Random(1).nextBytes(noise);
    Files.write(file, noise); // incompressible, so the download itself is over the limit
    String url = file.toUri().toString();

    try (ModelArtifacts small =
        new ModelArtifacts(S3Settings.defaults(), new ArtifactLimits(4096, 10))) {
      assertThatThrownBy(() -> small.materialize(ArtifactRequest.modelData(url, true, cache())))
          .isInstanceOf(ArtifactException.class)
          .hasMessage(
              "Failed to download model data from "
                  + url
                  + ": the archive is larger than the limit of 4 KiB");
    }
    assertThat(cache().resolve("tmp")).isEmptyDirectory();
  }

  @Test
  void credentialsInAnHttpUrlNeverReachTheMessage() {
    assertThat(ModelDataUrl.display("https://user:pw@host/m.tar.gz?X-Amz-Signature=abc"))
        .isEqualTo("https://host/m.tar.gz?…");
    assertThat(ModelDataUrl.display("s3://b/k")).isEqualTo("s3://b/k");
  }

  @Test
  void s3SettingsNeverPrintTheSecret() {
    S3Settings settings = new S3Settings(null, "us-east-1", true, "AKID", "very-secret");

    assertThat(settings.toString()).contains("AKID").doesNotContain("very-secret");
    assertThatThrownBy(() -> new S3Settings(null, null, false, "AKID", null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
