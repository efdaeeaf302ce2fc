package dev.berth.controlplane.persistence;

/** What listing and tagging need of any named resource row. */
public interface NamedResourceRow {
  /** The row id, the tie-breaker of every listing order. */
  Long id();

  /** When the resource was created. */
  java.time.Instant creationTime();

  /** The name as created. */
  String name();

  /** The tags as a JSON array of {@code {"Key","Value"}}. */
  String tags();

  /** Replaces the tags. */
  void tags(String json);
}
