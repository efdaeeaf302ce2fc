package dev.berth.controlplane.persistence;

import io.smallrye.mutiny.Uni;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

  /**
   * Locks the account row until the transaction ends. Every quota-consuming create takes this lock
   * first, so N concurrent creates are counted one after another and never pass a quota of N-1.
   */
  public static Uni<Void> lockAccount(Mutiny.Session session, String account) {
    return session.find(AccountEntity.class, account, LockMode.PESSIMISTIC_WRITE).replaceWithVoid();
  }

  /** How many rows of {@code type} the account has in the region. */
  public static Uni<Long> count(
      Mutiny.Session session, Class<?> type, String account, String region) {
    return session
        .createSelectionQuery(
            "select count(*) from "
                + type.getSimpleName()
                + " where accountId = :a and region = :r",
            Long.class)
        .setParameter("a", account)
        .setParameter("r", region)
        .getSingleResult();
  }

  /**
   * Desired instances per instance type over every endpoint of the account in the region, live
   * fleets and pending deployments alike (a blue/green update holds both).
   */
  public static Uni<Map<String, Long>> instancesByType(
      Mutiny.Session session, String account, String region) {
    String sql =
        "select v->>'InstanceType', sum((v->>'DesiredInstanceCount')::bigint)"
            + " from endpoints e,"
            + " jsonb_array_elements(e.variants::jsonb || coalesce(e.pending_variants::jsonb,"
            + " '[]'::jsonb)) v"
            + " where e.account_id = :a and e.region = :r and v->>'InstanceType' is not null"
            + " group by 1";
    return session
        .createNativeQuery(sql, Object[].class)
        .setParameter("a", account)
        .setParameter("r", region)
        .getResultList()
        .map(
            (List<Object[]> rows) -> {
              Map<String, Long> byType = new HashMap<>();
              for (Object[] row : rows) {
                byType.put((String) row[0], ((Number) row[1]).longValue());
              }
              return byType;
            });
  }
}
