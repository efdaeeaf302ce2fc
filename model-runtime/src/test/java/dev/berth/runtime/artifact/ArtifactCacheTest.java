package dev.berth.runtime.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactCacheTest {

  private static final String DIGEST = "ab".repeat(32);

  @TempDir Path root;

  private Path tree(ArtifactCache cache, String content) throws IOException {
    Path tree = cache.newTreeDirectory();
    Files.writeString(tree.resolve("model.onnx"), content);
    return tree;
  }

  @Test
  void aCommittedTreeBecomesTheEntryNamedForItsDigest() throws IOException {
    ArtifactCache cache = new ArtifactCache(root);

    Path entry = cache.commit(DIGEST, tree(cache, "weights"));

    assertThat(entry).isEqualTo(root.resolve("sha256-" + DIGEST));
    assertThat(entry.resolve("model.onnx")).hasContent("weights");
    assertThat(cache.entry(DIGEST)).contains(entry);
    assertThat(root.resolve("tmp")).isEmptyDirectory();
  }

  @Test
  void anEntryIsReadableByOtherRuntimesThoughItsTemporaryTreeWasPrivate() throws IOException {
    ArtifactCache cache = new ArtifactCache(root);

    Path entry = cache.commit(DIGEST, tree(cache, "weights"));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(entry)))
        .isEqualTo("rwxr-xr-x");
  }

  @Test
  void aCommitThatLosesTheRaceUsesTheWinnersEntryAndDropsItsOwnTree() throws IOException {
    ArtifactCache cache = new ArtifactCache(root);
    Path winner = cache.commit(DIGEST, tree(cache, "first"));
    Path loserTree = tree(cache, "second");

    Path entry = cache.commit(DIGEST, loserTree);

    assertThat(entry).isEqualTo(winner);
    assertThat(entry.resolve("model.onnx")).hasContent("first");
    assertThat(loserTree).doesNotExist();
  }

  @Test
  void manyConcurrentCommitsOfOneDigestEndInOneEntry() throws Exception {
    ArtifactCache cache = new ArtifactCache(root);
    int racers = 8;
    List<Path> trees = new ArrayList<>();
    for (int i = 0; i < racers; i++) {
      trees.add(tree(cache, "weights"));
    }
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(racers);
    try {
      List<Future<Path>> results = new ArrayList<>();
      for (Path tree : trees) {
        Callable<Path> commit =
            () -> {
              start.await();
              return cache.commit(DIGEST, tree);
            };
        results.add(pool.submit(commit));
      }
      start.countDown();
      Set<Path> entries = new HashSet<>();
      for (Future<Path> result : results) {
        entries.add(result.get());
      }

      assertThat(entries).containsExactly(root.resolve("sha256-" + DIGEST));
      assertThat(root.resolve("sha256-" + DIGEST + "/model.onnx")).hasContent("weights");
      assertThat(root.resolve("tmp")).isEmptyDirectory();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aRememberedUrlFindsItsEntry() throws IOException {
    ArtifactCache cache = new ArtifactCache(root);
    Path entry = cache.commit(DIGEST, tree(cache, "weights"));

    cache.remember("archive s3://b/model.tar.gz", DIGEST);

    assertThat(cache.find("archive s3://b/model.tar.gz")).contains(entry);
    assertThat(cache.find("archive s3://b/other.tar.gz")).isEmpty();
    // A second process reading the same root sees the same index.
    assertThat(new ArtifactCache(root).find("archive s3://b/model.tar.gz")).contains(entry);
  }

  @Test
  void anIndexWhoseEntryWasDeletedIsAMiss() throws IOException {
    ArtifactCache cache = new ArtifactCache(root);
    cache.remember("archive s3://b/model.tar.gz", DIGEST);

    assertThat(cache.find("archive s3://b/model.tar.gz")).isEmpty();
  }

  @Test
  void aGarbledIndexIsAMiss() throws IOException {
    ArtifactCache cache = new ArtifactCache(root);
    cache.commit(DIGEST, tree(cache, "weights"));
    cache.remember("k", DIGEST);
    try (var files = Files.list(root.resolve("by-url"))) {
      Files.writeString(files.findFirst().orElseThrow(), "sha256-../../etc");
    }

    assertThat(cache.find("k")).isEmpty();
  }

  @Test
  void aSweepDeletesOnlyOldTemporaryFiles() throws IOException {
    ArtifactCache cache = new ArtifactCache(root);
    Path old = tree(cache, "crashed");
    Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
    Path live = cache.newDownloadFile();

    cache.sweepStale(Duration.ofHours(24));

    assertThat(old).doesNotExist();
    assertThat(live).exists();
  }
}
