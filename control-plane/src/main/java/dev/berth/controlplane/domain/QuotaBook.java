package dev.berth.controlplane.domain;

import dev.berth.controlplane.persistence.QuotaOverrideEntity;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Reads quota limits (the operator's override, else the default) and refuses requests that would
 * pass them. Callers hold the account lock ({@code ResourceQueries.lockAccount}) in the same
 * transaction, so what they count cannot change before their insert commits.
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
