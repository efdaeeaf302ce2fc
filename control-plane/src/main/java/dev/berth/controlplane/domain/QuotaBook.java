package dev.berth.controlplane.domain;

import dev.berth.controlplane.persistence.QuotaOverrideEntity;
import io.smallrye.mutiny.Uni;
import java.util.HashMap;
import java.util.Map;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Reads quota limits (the operator's override, else the default) and usage, and refuses requests
 * that would pass a limit. Callers hold the account lock ({@code ResourceQueries.lockAccount}) in
 * the same transaction, so what they count cannot change before their insert commits.
 */
public final class QuotaBook {
  private QuotaBook() {}

  /** The limit of {@code quota} for the account in the region. */
  public static Uni<Long> limit(
      Mutiny.Session session, String account, String region, Quota quota) {
    return session
        .find(QuotaOverrideEntity.class, new QuotaOverrideEntity.Key(account, region, quota.name()))
        .map(row -> row == null ? quota.defaultValue() : row.value);
  }

  /**
   * What the account uses in the region, by quota short key ({@link Quota#shortKey()}), as the
   * database's usage triggers keep it.
   */
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

  /** Fails with {@code ResourceLimitExceeded} if {@code used + delta} would pass the limit. */
  public static Uni<Void> require(
      Mutiny.Session session, String account, String region, Quota quota, long used, long delta) {
    if (delta <= 0) {
      return Uni.createFrom().voidItem();
    }
    return limit(session, account, region, quota)
        .map(
            limit -> {
              if (used + delta > limit) {
                throw SageMakerErrors.limitExceeded(quota, limit, used, delta);
              }
              return null;
            });
  }
}
