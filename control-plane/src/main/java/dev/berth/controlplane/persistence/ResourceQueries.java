package dev.berth.controlplane.persistence;

import io.smallrye.mutiny.Uni;
import java.util.Locale;
import org.hibernate.LockMode;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The queries every resource operation shares. Names are matched through {@code name_key}, the
 * lower-cased name the unique index is on, so lookups are case-insensitive (spec §9.3).
 */
public final class ResourceQueries {
  private ResourceQueries() {}

  /** The row named {@code name} (any case) in the account and region, or null. */
  public static <T> Uni<T> findByName(
      Mutiny.Session session, Class<T> type, String account, String region, String name) {
    return find(session, type, account, region, name, LockMode.NONE);
  }

  /** Like {@link #findByName}, locking the row for the rest of the transaction. */
  public static <T> Uni<T> findByNameForUpdate(
      Mutiny.Session session, Class<T> type, String account, String region, String name) {
    return find(session, type, account, region, name, LockMode.PESSIMISTIC_WRITE);
  }

  private static <T> Uni<T> find(
      Mutiny.Session session,
      Class<T> type,
      String account,
      String region,
      String name,
      LockMode lock) {
    return session
        .createSelectionQuery(
            "from "
                + type.getSimpleName()
                + " where accountId = :a and region = :r and nameKey = :k",
            type)
        .setParameter("a", account)
        .setParameter("r", region)
        .setParameter("k", name.toLowerCase(Locale.ROOT))
        .setLockMode(lock)
        .getSingleResultOrNull();
  }
}
