package dev.berth.controlplane.api;

import dev.berth.awswire.arn.Arn;
import dev.berth.awswire.arn.ResourceType;
import dev.berth.controlplane.domain.Caller;
import dev.berth.controlplane.domain.SageMakerErrors;
import dev.berth.controlplane.persistence.NamedResourceEntity;
import dev.berth.controlplane.persistence.ResourceQueries;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Finds the caller's resource by name, or fails with SageMaker's {@code Could not find … "<arn>".}
 * — the answer for a missing resource and for another account's alike.
 */
final class ResourceLookup {
  private ResourceLookup() {}

  /** The row, read without a lock. */
  static <T extends NamedResourceEntity> Uni<T> require(
      Mutiny.Session session, Class<T> type, ResourceType resource, Caller caller, String name) {
    return orNotFound(
        ResourceQueries.findByName(session, type, caller.account(), caller.region(), name),
        resource,
        caller,
        name);
  }

  /** The row, locked until the transaction ends. */
  static <T extends NamedResourceEntity> Uni<T> requireForUpdate(
      Mutiny.Session session, Class<T> type, ResourceType resource, Caller caller, String name) {
    return orNotFound(
        ResourceQueries.findByNameForUpdate(session, type, caller.account(), caller.region(), name),
        resource,
        caller,
        name);
  }

  private static <T> Uni<T> orNotFound(
      Uni<T> row, ResourceType resource, Caller caller, String name) {
    return row.map(
        found -> {
          if (found == null) {
            throw SageMakerErrors.notFound(
                Arn.of(caller.region(), caller.account(), resource, name));
          }
          return found;
        });
  }
}
