package dev.berth.controlplane.api;

import dev.berth.controlplane.domain.Caller;
import dev.berth.controlplane.domain.Quota;
import dev.berth.controlplane.domain.QuotaBook;
import dev.berth.controlplane.persistence.ResourceQueries;
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

  /** Refuses adding {@code delta} instances (per type) to what the account already has. */
  static Uni<Void> requireAdditional(
      Mutiny.Session session, Caller caller, Map<String, Long> delta) {
    long added = delta.values().stream().mapToLong(v -> Math.max(0, v)).sum();
    if (added == 0) {
      return Uni.createFrom().voidItem();
    }
    return ResourceQueries.instancesByType(session, caller.account(), caller.region())
        .chain(
            used -> {
              long total = used.values().stream().mapToLong(Long::longValue).sum();
              Uni<Void> chain =
                  QuotaBook.require(
                      session, caller.account(), caller.region(), Quota.INSTANCES, total, added);
              // Sorted, so that which quota a request reports first is deterministic.
              for (Map.Entry<String, Long> e : new TreeMap<>(delta).entrySet()) {
                long already = used.getOrDefault(e.getKey(), 0L);
                chain =
                    chain.chain(
                        () ->
                            QuotaBook.require(
                                session,
                                caller.account(),
                                caller.region(),
                                Quota.instanceType(e.getKey()),
                                already,
                                e.getValue()));
              }
              return chain;
            });
  }
}
