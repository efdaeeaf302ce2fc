package dev.berth.controlplane.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.awswire.arn.Arn;
import dev.berth.controlplane.domain.Caller;
import dev.berth.controlplane.domain.SageMakerErrors;
import dev.berth.controlplane.persistence.ConstraintViolations;
import dev.berth.controlplane.persistence.NamedResourceEntity;
import io.smallrye.mutiny.Uni;
import java.util.function.Function;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Creating a model or an endpoint configuration: one transaction that runs the resource's own
 * checks and inserts. The database counts the row against its quota as it inserts it (and refuses
 * it over the limit); a name taken in any case is SageMaker's {@code Cannot create already existing
 * …} error.
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

  /**
   * Inserts {@code row} if {@code checks} pass; the database's usage trigger refuses it over its
   * quota.
   */
  static Uni<Void> insert(
      Mutiny.SessionFactory sessions,
      NamedResourceEntity row,
      Arn arn,
      Function<Mutiny.Session, Uni<Void>> checks) {
    return sessions
        .withTransaction(session -> checks.apply(session).chain(() -> session.persist(row)))
        .onFailure(f -> ConstraintViolations.of(f, ConstraintViolations.UNIQUE).isPresent())
        .transform(f -> SageMakerErrors.alreadyExists(arn));
  }
}
