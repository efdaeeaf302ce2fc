package dev.berth.controlplane.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.awswire.arn.Arn;
import dev.berth.controlplane.domain.Caller;
import dev.berth.controlplane.domain.Quota;
import dev.berth.controlplane.domain.QuotaBook;
import dev.berth.controlplane.domain.SageMakerErrors;
import dev.berth.controlplane.persistence.ConstraintViolations;
import dev.berth.controlplane.persistence.NamedResourceEntity;
import dev.berth.controlplane.persistence.ResourceQueries;
import io.smallrye.mutiny.Uni;
import java.util.function.Function;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Creating a model or an endpoint configuration: one transaction that locks the account, runs the
 * resource's own checks, counts against its quota and inserts; a name taken in any case is
 * SageMaker's {@code Cannot create already existing …} error.
 */
final class CountedInsert {
  private CountedInsert() {}

  /** Fills the columns every named resource has, for the caller's account and region. */
  static <T extends NamedResourceEntity> T newRow(
      T row, Caller caller, String name, JsonNode tags) {
    row.accountId = caller.account();
    row.region = caller.region();
    row.name = name;
    row.creationTime = WireJson.now();
    row.tags = WireJson.write(TagSet.of(tags).toJson());
    return row;
  }

  /** Inserts {@code row} if {@code checks} pass and {@code quota} allows one more. */
  static Uni<Void> insert(
      Mutiny.SessionFactory sessions,
      Caller caller,
      NamedResourceEntity row,
      Quota quota,
      Arn arn,
      Function<Mutiny.Session, Uni<Void>> checks) {
    return sessions
        .withTransaction(
            session ->
                ResourceQueries.lockAccount(session, caller.account())
                    .chain(() -> checks.apply(session))
                    .chain(() -> QuotaBook.usage(session, caller.account(), caller.region()))
                    .chain(
                        usage ->
                            QuotaBook.require(
                                session,
                                caller.account(),
                                caller.region(),
                                quota,
                                usage.getOrDefault(quota.shortKey(), 0L),
                                1))
                    .chain(() -> session.persist(row)))
        .onFailure(f -> ConstraintViolations.of(f, ConstraintViolations.UNIQUE).isPresent())
        .transform(f -> SageMakerErrors.alreadyExists(arn));
  }
}
