package dev.berth.controlplane.orchestrator.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The pid files of running instances, {@code <instances-dir>/<fleet>/<instance>.json}: written when
 * a process starts, deleted when it stops, read once at start to find leftovers. Methods are
 * synchronized so an instance stopping and its successor of the same name starting cannot delete
 * each other's file.
 */
final class InstanceRecords {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path root;

  InstanceRecords(Path root) {
    this.root = root;
  }

  /**
   * A pid file found on disk.
   *
   * @param file where it is
   * @param record what it says, or null if it could not be read
   */
  record Found(Path file, InstanceRecord record) {}

  /** Writes (or replaces) the file of {@code record}. */
  synchronized void write(InstanceRecord record) throws IOException {
    Path file = fileOf(record);
    Files.createDirectories(file.getParent());
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    JSON.writeValue(temporary.toFile(), record);
    Files.move(
        temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Deletes the file of {@code record}, unless it now describes another process. */
  synchronized void delete(InstanceRecord record) throws IOException {
    Path file = fileOf(record);
    InstanceRecord current;
    try {
      current = JSON.readValue(file.toFile(), InstanceRecord.class);
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException e) {
      current = null; // unreadable: ours to clean up
    }
    if (current == null || current.pid() == record.pid()) {
      Files.deleteIfExists(file);
    }
  }

  /** Deletes {@code file}, found by {@link #all()}. */
  synchronized void delete(Path file) throws IOException {
    Files.deleteIfExists(file);
  }

  /** Every pid file under the root. */
  synchronized List<Found> all() throws IOException {
    List<Found> found = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return found;
    }
    try (Stream<Path> files = Files.walk(root, 2)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        InstanceRecord record;
        try {
          record = JSON.readValue(file.toFile(), InstanceRecord.class);
        } catch (IOException e) {
          record = null;
        }
        found.add(new Found(file, record));
      }
    }
    return found;
  }

  /** Where the file of {@code record} is. */
  Path fileOf(InstanceRecord record) {
    return root.resolve(record.fleet()).resolve(record.instance() + ".json");
  }
}
