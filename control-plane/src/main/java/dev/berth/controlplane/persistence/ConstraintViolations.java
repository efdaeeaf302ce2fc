package dev.berth.controlplane.persistence;

import io.vertx.pgclient.PgException;
import java.util.Optional;

/**
 * Recognises the database refusing a write, wherever Hibernate Reactive wrapped it: the invariants
 * live in PostgreSQL, and this is how their refusals come back as SageMaker errors.
 */
public final class ConstraintViolations {
  /** SQLSTATE of a unique violation. */
  public static final String UNIQUE = "23505";

  /** SQLSTATE of a foreign-key violation. */
  public static final String FOREIGN_KEY = "23503";

  private ConstraintViolations() {}

  /**
   * The name of the constraint that refused the write, if {@code failure} is such a refusal with
   * the given SQLSTATE.
   */
  public static Optional<String> of(Throwable failure, String sqlState) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof org.hibernate.exception.ConstraintViolationException c
          && sqlState.equals(c.getSQLState())) {
        return Optional.of(String.valueOf(c.getConstraintName()));
      }
      if (t instanceof PgException pg && sqlState.equals(pg.getSqlState())) {
        return Optional.of(String.valueOf(pg.getConstraint()));
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return Optional.empty();
  }
}
