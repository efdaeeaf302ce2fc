package dev.berth.controlplane.persistence;

import java.time.Instant;

/**
 * A validated List* request: sort, page size, filters and where the previous page ended.
 *
 * @param sortBy what to sort by
 * @param ascending the sort direction
 * @param maxResults the page size
 * @param nameContains a case-insensitive name fragment, or null
 * @param creationTimeBefore only resources created strictly before, or null
 * @param creationTimeAfter only resources created at or after, or null
 * @param lastModifiedTimeBefore endpoints only: modified strictly before, or null
 * @param lastModifiedTimeAfter endpoints only: modified at or after, or null
 * @param statusEquals endpoints only: this status, or null
 * @param after where the previous page ended, or null for the first page
 */
public record ListQuery(
    SortKey sortBy,
    boolean ascending,
    int maxResults,
    String nameContains,
    Instant creationTimeBefore,
    Instant creationTimeAfter,
    Instant lastModifiedTimeBefore,
    Instant lastModifiedTimeAfter,
    String statusEquals,
    Position after) {

  /** The sort orders SageMaker offers. */
  public enum SortKey {
    Name("nameKey"),
    CreationTime("creationTime"),
    Status("status");

    private final String field;

    SortKey(String field) {
      this.field = field;
    }

    /** The entity field sorted on. */
    public String field() {
      return field;
    }
  }

  /**
   * The last row of a page: its sort value (as text) and its id, the tie-breaker.
   *
   * @param sortValue the sort field's value as text (epoch millis for times)
   * @param id the row id
   */
  public record Position(String sortValue, long id) {}
}
