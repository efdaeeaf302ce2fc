package dev.berth.controlplane.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.awswire.arn.Arn;
import dev.berth.awswire.arn.ResourceType;
import dev.berth.awswire.shape.Violation;
import dev.berth.controlplane.domain.Caller;
import dev.berth.controlplane.domain.SageMakerErrors;
import dev.berth.controlplane.persistence.ConstraintViolations;
import dev.berth.controlplane.persistence.EndpointConfigEntity;
import dev.berth.controlplane.persistence.EndpointEntity;
import dev.berth.controlplane.persistence.ResourceLister;
import dev.berth.controlplane.persistence.ResourceQueries;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hibernate.reactive.mutiny.Mutiny;

/** CreateEndpointConfig, DescribeEndpointConfig, ListEndpointConfigs, DeleteEndpointConfig. */
final class EndpointConfigOperations {
  private final Mutiny.SessionFactory sessions;
  private final ModelReferences models;

  EndpointConfigOperations(Mutiny.SessionFactory sessions, ModelReferences models) {
    this.sessions = sessions;
    this.models = models;
  }

  /**
   * Rules of a configuration the shape model cannot express, as Coral violations: what an
   * instance-based variant needs (spec §2.5).
   */
  static List<Violation> variantViolations(JsonNode in) {
    List<Violation> violations = new ArrayList<>();
    int i = 1;
    for (JsonNode variant : in.path("ProductionVariants")) {
      String path = "productionVariants." + i++ + ".member.";
      if (!variant.isObject()) {
        continue;
      }
      if (!variant.hasNonNull("ModelName")) {
        violations.add(Violation.notNull(path + "modelName"));
      }
      if (!variant.hasNonNull("ServerlessConfig")) {
        if (!variant.hasNonNull("InstanceType")) {
          violations.add(Violation.notNull(path + "instanceType"));
        }
        if (!variant.hasNonNull("InitialInstanceCount")) {
          violations.add(Violation.notNull(path + "initialInstanceCount"));
        }
      }
    }
    return violations;
  }

  Uni<JsonNode> create(Caller caller, JsonNode in) {
    String name = in.get("EndpointConfigName").asText();
    Arn arn = Arn.of(caller.region(), caller.account(), ResourceType.ENDPOINT_CONFIG, name);
    checkVariants(in);
    ObjectNode definition = in.deepCopy();
    definition.remove("EndpointConfigName");
    definition.remove("Tags");
    EndpointConfigEntity row =
        CountedInsert.newRow(new EndpointConfigEntity(), caller, name, in.get("Tags"));
    row.definition = WireJson.write(definition);
    return CountedInsert.insert(
            sessions,
            row,
            arn,
            session -> models.requireAll(session, caller, definition).replaceWithVoid())
        .map(ignored -> WireJson.object().put("EndpointConfigArn", arn.toString()));
  }

  Uni<JsonNode> describe(Caller caller, JsonNode in) {
    String name = in.get("EndpointConfigName").asText();
    return sessions
        .withSession(
            session ->
                ResourceLookup.require(
                    session,
                    EndpointConfigEntity.class,
                    ResourceType.ENDPOINT_CONFIG,
                    caller,
                    name))
        .map(EndpointConfigOperations::describe);
  }

  Uni<JsonNode> list(Caller caller, JsonNode in) {
    var query = ListRequests.read(in);
    return sessions
        .withSession(
            session ->
                ResourceLister.page(
                    session, EndpointConfigEntity.class, caller.account(), caller.region(), query))
        .map(
            rows ->
                ListRequests.page(
                    rows,
                    query,
                    "EndpointConfigs",
                    row ->
                        WireJson.object()
                            .put("EndpointConfigName", row.name)
                            .put("EndpointConfigArn", arn(row).toString())
                            .set("CreationTime", WireJson.timestamp(row.creationTime))));
  }

  Uni<JsonNode> delete(Caller caller, JsonNode in) {
    String name = in.get("EndpointConfigName").asText();
    Arn arn = arnOf(caller, name);
    return sessions
        .withTransaction(
            session ->
                ResourceLookup.require(
                        session,
                        EndpointConfigEntity.class,
                        ResourceType.ENDPOINT_CONFIG,
                        caller,
                        name)
                    .chain(
                        row -> {
                          return firstUser(session, row.id)
                              .chain(
                                  user -> {
                                    if (user != null) {
                                      throw SageMakerErrors.configInUse(
                                          arn(row), EndpointOperations.arn(user));
                                    }
                                    return session.remove(row).call(session::flush);
                                  });
                        }))
        // An endpoint created between our check and our delete: the foreign key refused it.
        .onFailure(f -> ConstraintViolations.of(f, ConstraintViolations.FOREIGN_KEY).isPresent())
        .recoverWithUni(
            f ->
                sessions
                    .withSession(
                        session ->
                            ResourceQueries.findByName(
                                    session,
                                    EndpointConfigEntity.class,
                                    caller.account(),
                                    caller.region(),
                                    name)
                                .chain(
                                    row ->
                                        row == null
                                            ? Uni.createFrom().nullItem()
                                            : firstUser(session, row.id)))
                    .map(
                        user -> {
                          throw user == null
                              ? SageMakerErrors.validation(
                                  "Endpoint configuration " + arn + " is in use.")
                              : SageMakerErrors.configInUse(arn, EndpointOperations.arn(user));
                        }))
        .map(ignored -> WireJson.object());
  }

  /** Some endpoint using the configuration as its live or pending one, or null. */
  private static Uni<EndpointEntity> firstUser(Mutiny.Session session, long configId) {
    return session
        .createSelectionQuery(
            "from EndpointEntity where configId = :id or pendingConfigId = :id order by id",
            EndpointEntity.class)
        .setParameter("id", configId)
        .setMaxResults(1)
        .getSingleResultOrNull();
  }

  static Arn arn(EndpointConfigEntity row) {
    return Arn.of(row.region, row.accountId, ResourceType.ENDPOINT_CONFIG, row.name);
  }

  static Arn arnOf(Caller caller, String name) {
    return Arn.of(caller.region(), caller.account(), ResourceType.ENDPOINT_CONFIG, name);
  }

  /** The configuration as DescribeEndpointConfig returns it, defaults filled in (spec §2.6). */
  static ObjectNode describe(EndpointConfigEntity row) {
    ObjectNode out = WireJson.object();
    out.put("EndpointConfigName", row.name);
    out.put("EndpointConfigArn", arn(row).toString());
    ObjectNode definition = definition(row);
    if (!definition.has("EnableNetworkIsolation")) {
      definition.put("EnableNetworkIsolation", false);
    }
    out.setAll(definition);
    out.set("CreationTime", WireJson.timestamp(row.creationTime));
    return out;
  }

  /** The stored members with variant defaults applied. */
  static ObjectNode definition(EndpointConfigEntity row) {
    ObjectNode definition = (ObjectNode) WireJson.parse(row.definition);
    for (String list : new String[] {"ProductionVariants", "ShadowProductionVariants"}) {
      for (JsonNode variant : definition.path(list)) {
        if (variant instanceof ObjectNode v && !v.has("InitialVariantWeight")) {
          v.put("InitialVariantWeight", 1.0f);
        }
      }
    }
    return definition;
  }

  private static void checkVariants(JsonNode in) {
    Set<String> names = new HashSet<>();
    List<JsonNode> all = new ArrayList<>();
    in.path("ProductionVariants").forEach(all::add);
    in.path("ShadowProductionVariants").forEach(all::add);
    for (JsonNode variant : all) {
      String variantName = variant.path("VariantName").asText();
      if (!names.add(variantName.toLowerCase(java.util.Locale.ROOT))) {
        throw SageMakerErrors.validation(
            "The variant name \""
                + variantName
                + "\" is not unique within the production and shadow variants of the endpoint"
                + " configuration.");
      }
      if (variant.hasNonNull("ServerlessConfig") && variant.hasNonNull("InstanceType")) {
        throw SageMakerErrors.validation(
            "Variant \""
                + variantName
                + "\" specifies both InstanceType and ServerlessConfig; a variant is either"
                + " instance-based or serverless.");
      }
      if (variant.hasNonNull("ManagedInstanceScaling")) {
        throw SageMakerErrors.validation(
            "ManagedInstanceScaling is only supported for inference component endpoints.");
      }
    }
    if (in.hasNonNull("ShadowProductionVariants") && in.path("ProductionVariants").size() != 1) {
      throw SageMakerErrors.validation(
          "An endpoint configuration with ShadowProductionVariants must have exactly one"
              + " production variant.");
    }
  }
}
