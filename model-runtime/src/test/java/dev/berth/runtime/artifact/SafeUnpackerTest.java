package dev.berth.runtime.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeUnpackerTest {

  private static final String SOURCE = "s3://b/k";

  @TempDir Path temp;
  private Path target;

  @BeforeEach
  void freshTarget() throws IOException {
    // Nested, so that an entry escaping by one or two levels would land inside `temp` where the
    // test can see it.
    target = Files.createDirectories(temp.resolve("a/b/model"));
  }

  private SafeUnpacker.Unpacked unpack(byte[] archive) throws IOException {
    return unpack(archive, ArtifactLimits.defaults());
  }

  private SafeUnpacker.Unpacked unpack(byte[] archive, ArtifactLimits limits) throws IOException {
    Path file = Files.write(temp.resolve("archive-" + System.nanoTime()), archive);
    return new SafeUnpacker(limits).unpack(file, target, SOURCE);
  }

  @Test
  void aGoodTarGzUnpacksFilesDirectoriesAndInsideLinks() throws IOException {
    byte[] archive =
        TestArchive.create()
            .directory("./")
            .file("./model.onnx", "weights")
            .directory("./code/")
            .executable("./code/serve.sh", "#!/bin/sh\n")
            .file("./code/inference.py", "print('hi')")
            .directory("./empty/")
            .symlink("./latest.onnx", "model.onnx")
            .symlink("./code/weights", "../model.onnx")
            .hardlink("./copy.onnx", "./model.onnx")
            .tarGz();

    SafeUnpacker.Unpacked unpacked = unpack(archive);

    assertThat(unpacked.entries()).isEqualTo(9);
    assertThat(unpacked.bytes()).isEqualTo("weights".length() + 10 + 11);
    assertThat(target.resolve("model.onnx")).hasContent("weights");
    assertThat(target.resolve("code/inference.py")).hasContent("print('hi')");
    assertThat(target.resolve("empty")).isEmptyDirectory();
    assertThat(Files.readSymbolicLink(target.resolve("latest.onnx")))
        .isEqualTo(Path.of("model.onnx"));
    assertThat(target.resolve("latest.onnx")).hasContent("weights");
    assertThat(target.resolve("code/weights")).hasContent("weights");
    assertThat(target.resolve("copy.onnx")).hasContent("weights");
  }

  @Test
  void executableBitsAreKeptAndOtherFilesAreReadable() throws IOException {
    unpack(
        TestArchive.create()
            .executable("serve.sh", "#!/bin/sh\n")
            .file("locked.bin", new byte[] {1}, 0000)
            .tarGz());

    assertThat(Files.getPosixFilePermissions(target.resolve("serve.sh")))
        .contains(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);
    assertThat(Files.getPosixFilePermissions(target.resolve("locked.bin")))
        .contains(PosixFilePermission.OWNER_READ)
        .doesNotContain(PosixFilePermission.OWNER_EXECUTE);
  }

  @Test
  void aPlainTarUnpacksToo() throws IOException {
    unpack(TestArchive.create().file("model.onnx", "weights").tar());

    assertThat(target.resolve("model.onnx")).hasContent("weights");
  }

  @Test
  void anEntryClimbingOutWithDotDotIsRefused() {
    byte[] archive =
        TestArchive.create().file("model.onnx", "ok").file("../etc/passwd", "root").tarGz();

    assertThatThrownBy(() -> unpack(archive))
        .isInstanceOf(ArtifactException.class)
        .hasMessage(
            "Failed to extract model data archive s3://b/k: entry '../etc/passwd' escapes the"
                + " model directory.");
    assertThat(temp.resolve("a/b/etc")).doesNotExist();
  }

  @Test
  void anEntryClimbingOutFromASubdirectoryIsRefused() {
    byte[] archive = TestArchive.create().file("code/../../../escaped.txt", "x").tarGz();

    assertThatThrownBy(() -> unpack(archive))
        .isInstanceOf(ArtifactException.class)
        .hasMessageContaining("entry 'code/../../../escaped.txt' escapes the model directory.");
    assertThat(temp.resolve("a/escaped.txt")).doesNotExist();
  }

  @Test
  void anAbsoluteEntryIsRefused() {
    byte[] archive = TestArchive.create().file("/etc/passwd", "root").tarGz();

    assertThatThrownBy(() -> unpack(archive))
        .isInstanceOf(ArtifactException.class)
        .hasMessage(
            "Failed to extract model data archive s3://b/k: entry '/etc/passwd' is an absolute"
                + " path; entries must be relative to the model directory.");
  }

  @Test
  void aSymlinkToEtcIsRefused() {
    byte[] archive = TestArchive.create().symlink("etc", "/etc").tarGz();

    assertThatThrownBy(() -> unpack(archive))
        .isInstanceOf(ArtifactException.class)
        .hasMessage(
            "Failed to extract model data archive s3://b/k: symbolic link 'etc' points to '/etc',"
                + " outside the model directory.");
    assertThat(target.resolve("etc")).doesNotExist();
  }

  @Test
  void aRelativeSymlinkLeadingOutIsRefused() {
    byte[] archive = TestArchive.create().symlink("code/up", "../../secret").tarGz();

    assertThatThrownBy(() -> unpack(archive))
        .isInstanceOf(ArtifactException.class)
        .hasMessageContaining("symbolic link 'code/up' points to '../../secret', outside");
  }

  @Test
  void anEntryWrittenThroughAnEarlierSymlinkIsRefused() {
    // The link itself points inside; writing through it is still refused, since a chain of such
    // links is how an archive reaches a path its names never show.
    byte[] archive =
        TestArchive.create()
            .directory("real/")
            .symlink("alias", "real")
            .file("alias/model.onnx", "x")
            .tarGz();

    assertThatThrownBy(() -> unpack(archive))
        .isInstanceOf(ArtifactException.class)
        .hasMessageContaining(
            "entry 'alias/model.onnx' lies under the symbolic link 'alias'; entries may not be"
                + " written through links.");
  }

  @Test
  void aSymlinkThatLeadsOutThroughAnotherLinkIsRefused() throws IOException {
    // "here/.." looks like the model directory to a lexical check, but "here" is a link to ".",
    // so "up" really is the model directory's parent.
    Files.writeString(temp.resolve("a/b/secret"), "secret");
    byte[] archive = TestArchive.create().symlink("here", ".").symlink("up", "here/..").tarGz();

    assertThatThrownBy(() -> unpack(archive))
        .isInstanceOf(ArtifactException.class)
        .hasMessageContaining(
            "symbolic link 'up' leads outside the model directory through other links.");
  }

  @Test
  void aDanglingSymlinkIsRefused() {
    byte[] archive = TestArchive.create().symlink("model.onnx", "missing.onnx").tarGz();

    assertThatThrownBy(() -> unpack(archive))
        .isInstanceOf(ArtifactException.class)
        .hasMessageContaining(
            "symbolic link 'model.onnx' points to 'missing.onnx', which the archive does not hold.");
  }

  @Test
  void aHardLinkOutsideIsRefused() {
    byte[] archive = TestArchive.create().hardlink("passwd", "../../../etc/passwd").tarGz();

    assertThatThrownBy(() -> unpack(archive))
        .isInstanceOf(ArtifactException.class)
        .hasMessage(
            "Failed to extract model data archive s3://b/k: hard link 'passwd' points to"
                + " '../../../etc/passwd', outside the model directory.");
  }

  @Test
  void anAbsoluteHardLinkIsRefused() {
    byte[] archive = TestArchive.create().hardlink("passwd", "/etc/passwd").tarGz();

    assertThatThrownBy(() -> unpack(archive))
        .isInstanceOf(ArtifactException.class)
        .hasMessageContaining("hard link 'passwd' points to '/etc/passwd', outside");
  }

  @Test
  void aHardLinkToAFileNotInTheArchiveIsRefused() {
    byte[] archive = TestArchive.create().hardlink("copy", "original").tarGz();

    assertThatThrownBy(() -> unpack(archive))
        .isInstanceOf(ArtifactException.class)
        .hasMessageContaining(
            "hard link 'copy' points to 'original', which is not a file earlier in the archive.");
  }

  @Test
  void aDeviceFileIsRefused() {
    byte[] archive = TestArchive.create().characterDevice("null").tarGz();

    assertThatThrownBy(() -> unpack(archive))
        .isInstanceOf(ArtifactException.class)
        .hasMessageContaining("entry 'null' is a device file, which a model may not hold.");
  }

  @Test
  void anArchiveOverTheSizeLimitIsRefused() {
    byte[] archive =
        TestArchive.create()
            .file("a.bin", new byte[800], 0644)
            .file("b.bin", new byte[800], 0644)
            .tarGz();

    assertThatThrownBy(() -> unpack(archive, new ArtifactLimits(1024, 100)))
        .isInstanceOf(ArtifactException.class)
        .hasMessage(
            "Failed to extract model data archive s3://b/k: the unpacked model is larger than the"
                + " limit of 1 KiB.");
    assertThat(target.resolve("b.bin")).doesNotExist();
  }

  @Test
  void anArchiveWithTooManyEntriesIsRefused() {
    TestArchive archive = TestArchive.create();
    for (int i = 0; i < 4; i++) {
      archive.file("f" + i, "x");
    }

    assertThatThrownBy(() -> unpack(archive.tarGz(), new ArtifactLimits(1024, 3)))
        .isInstanceOf(ArtifactException.class)
        .hasMessageContaining("the archive holds more than 3 entries, the limit.");
  }

  @Test
  void bytesThatAreNotAnArchiveAreRefused() {
    byte[] noise = new byte[4096];
    new Random(7).nextBytes(noise);

    assertThatThrownBy(() -> unpack(noise))
        .isInstanceOf(ArtifactException.class)
        .hasMessageStartingWith("Failed to extract model data archive s3://b/k: the archive ");
  }

  @Test
  void aTruncatedTarGzIsRefused() {
    byte[] whole = TestArchive.create().file("model.onnx", new byte[100_000], 0644).tarGz();
    byte[] half = java.util.Arrays.copyOf(whole, whole.length / 2);

    assertThatThrownBy(() -> unpack(half))
        .isInstanceOf(ArtifactException.class)
        .hasMessageStartingWith(
            "Failed to extract model data archive s3://b/k: the archive is not a readable tar or"
                + " tar.gz");
  }

  @Test
  void anEmptyArchiveIsRefused() {
    assertThatThrownBy(() -> unpack(TestArchive.create().tarGz()))
        .isInstanceOf(ArtifactException.class)
        .hasMessageContaining("the archive is empty, or not a tar or tar.gz archive.");
  }
}
