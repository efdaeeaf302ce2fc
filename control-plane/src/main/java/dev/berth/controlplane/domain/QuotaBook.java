package dev.berth.controlplane.domain;

import io.smallrye.mutiny.Uni;
import java.util.HashMap;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Reads quota limits and usage. Enforcement itself happens in PostgreSQL: the usage triggers refuse
 * a write that would pass a limit ({@link QuotaRefusal} turns the refusal into {@code
 * ResourceLimitExceeded}).
 */
public final class QuotaBook {
  private QuotaBook() {}

  /** The limit of {@code quota} for the account in the region: the override, else the default. */
  public static Uni<Long> limit(
      Mutiny.Session session, String account, String region, Quota quota) {
    return session
        .createNativeQuery("select berth_quota_limit(:a, :r, :k)", Long.class)
        .setParameter("a", account)
        .setParameter("r", region)
        .setParameter("k", quota.shortKey())
        .getSingleResult();
  }

  /** What the account uses in the region, by quota short key ({@link Quota#shortKey()}). */
  public static Uni<Map<String, Long>> usage(
      Mutiny.Session session, String account, String region) {
    return session
        .createNativeQuery(
            "select usage_key, amount from resource_usage where account_id = :a and region = :r",
            Object[].class)
        .setParameter("a", account)
        .setParameter("r", region)
        .getResultList()
        .map(
            rows -> {
              Map<String, Long> usage = new HashMap<>();
              for (Object[] row : rows) {
                usage.put((String) row[0], ((Number) row[1]).longValue());
              }
              return usage;
            });
  }
}
