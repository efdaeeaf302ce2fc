package dev.berth.controlplane.api;

import dev.berth.controlplane.domain.Caller;
import dev.berth.controlplane.domain.Quota;
import dev.berth.controlplane.domain.QuotaBook;
import io.smallrye.mutiny.Uni;
import java.util.Map;
import java.util.TreeMap;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The instance quotas (spec §9.9): per endpoint, across all endpoints, and per instance type.
 * Callers hold the account lock, so the usage counted here cannot change before they commit.
 */
final class InstanceQuotas {
  private InstanceQuotas() {}

  /** Refuses a fleet of {@code endpointInstances} instances on one endpoint. */
  static Uni<Void> requirePerEndpoint(
      Mutiny.Session session, Caller caller, long endpointInstances) {
    return QuotaBook.require(
        session,
        caller.account(),
        caller.region(),
        Quota.INSTANCES_PER_ENDPOINT,
        0,
        endpointInstances);
  }

  /**
   * Refuses adding {@code delta} instances (per type) to what the account already uses ({@code
   * usage}, from {@link QuotaBook#usage}).
   */
  static Uni<Void> requireAdditional(
      Mutiny.Session session, Caller caller, Map<String, Long> usage, Map<String, Long> delta) {
    long added = delta.values().stream().mapToLong(v -> Math.max(0, v)).sum();
    if (added == 0) {
      return Uni.createFrom().voidItem();
    }
    Uni<Void> chain =
        QuotaBook.require(
            session,
            caller.account(),
            caller.region(),
            Quota.INSTANCES,
            usage.getOrDefault(Quota.INSTANCES.shortKey(), 0L),
            added);
    // Sorted, so that which quota a request reports first is deterministic.
    for (Map.Entry<String, Long> e : new TreeMap<>(delta).entrySet()) {
      Quota perType = Quota.instanceType(e.getKey());
      long already = usage.getOrDefault(perType.shortKey(), 0L);
      chain =
          chain.chain(
              () ->
                  QuotaBook.require(
                      session, caller.account(), caller.region(), perType, already, e.getValue()));
    }
    return chain;
  }
}
