package dev.berth.controlplane.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.awswire.arn.Arn;
import dev.berth.awswire.arn.ResourceType;
import dev.berth.controlplane.domain.Caller;
import dev.berth.controlplane.domain.EndpointStatus;
import dev.berth.controlplane.domain.SageMakerErrors;
import dev.berth.controlplane.persistence.ConstraintViolations;
import dev.berth.controlplane.persistence.EndpointConfigEntity;
import dev.berth.controlplane.persistence.EndpointEntity;
import dev.berth.controlplane.persistence.ResourceLister;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * CreateEndpoint, DescribeEndpoint, ListEndpoints, UpdateEndpoint,
 * UpdateEndpointWeightsAndCapacities, DeleteEndpoint (spec §2.9–2.14). These only record the
 * desired state and move the status into Creating, Updating or Deleting; the reconciler takes it
 * from there.
 */
final class EndpointOperations {
  private final Mutiny.SessionFactory sessions;
  private final ModelReferences models;
  private final ConfigDefinitions configs;

  EndpointOperations(
      Mutiny.SessionFactory sessions, ModelReferences models, ConfigDefinitions configs) {
    this.sessions = sessions;
    this.models = models;
    this.configs = configs;
  }

  Uni<JsonNode> create(Caller caller, JsonNode in) {
    String name = in.get("EndpointName").asText();
    String configName = in.get("EndpointConfigName").asText();
    Arn arn = arnOf(caller, name);
    checkDeploymentConfig(in.get("DeploymentConfig"));
    EndpointEntity row = CountedInsert.newRow(new EndpointEntity(), caller, name, in.get("Tags"));
    row.status = EndpointStatus.Creating.name();
    row.lastModifiedTime = row.creationTime;
    row.deploymentConfig =
        in.hasNonNull("DeploymentConfig") ? WireJson.write(in.get("DeploymentConfig")) : null;
    // The insert's triggers count the endpoint and its instances against every quota.
    return sessions
        .withTransaction(
            session ->
                requireConfig(session, caller, configName)
                    .chain(
                        config -> {
                          row.configId = config.id();
                          row.variants = Fleet.desiredBy(config.definition()).toJson();
                          return models.requireAll(session, caller, config.definition());
                        })
                    .chain(
                        definitions -> {
                          row.models = WireJson.write(definitions);
                          return session.persist(row);
                        }))
        .onFailure(f -> ConstraintViolations.of(f, ConstraintViolations.UNIQUE).isPresent())
        .transform(f -> SageMakerErrors.alreadyExists(arn))
        // The configuration was deleted between our read and our insert.
        .onFailure(f -> ConstraintViolations.of(f, ConstraintViolations.FOREIGN_KEY).isPresent())
        .transform(
            f -> SageMakerErrors.notFound(EndpointConfigOperations.arnOf(caller, configName)))
        .map(ignored -> WireJson.object().put("EndpointArn", arn.toString()));
  }

  Uni<JsonNode> describe(Caller caller, JsonNode in) {
    String name = in.get("EndpointName").asText();
    return sessions.withSession(
        session ->
            ResourceLookup.require(
                    session, EndpointEntity.class, ResourceType.ENDPOINT, caller, name)
                .chain(
                    row -> {
                      Uni<ConfigDefinitions.Config> pending =
                          row.pendingConfigId == null
                              ? Uni.createFrom().nullItem()
                              : configs.get(session, row.pendingConfigId);
                      return configs
                          .get(session, row.configId)
                          .chain(live -> pending.map(p -> EndpointView.describe(row, live, p)));
                    }));
  }

  Uni<JsonNode> list(Caller caller, JsonNode in) {
    var query = ListRequests.read(in);
    return sessions
        .withSession(
            session ->
                ResourceLister.page(
                    session, EndpointEntity.class, caller.account(), caller.region(), query))
        .map(
            rows ->
                ListRequests.page(
                    rows,
                    query,
                    "Endpoints",
                    row -> {
                      ObjectNode summary = WireJson.object();
                      summary.put("EndpointName", row.name);
                      summary.put("EndpointArn", arn(row).toString());
                      summary.set("CreationTime", WireJson.timestamp(row.creationTime));
                      summary.set("LastModifiedTime", WireJson.timestamp(row.lastModifiedTime));
                      summary.put("EndpointStatus", row.status);
                      return summary;
                    }));
  }

  Uni<JsonNode> update(Caller caller, JsonNode in) {
    String name = in.get("EndpointName").asText();
    String configName = in.get("EndpointConfigName").asText();
    checkDeploymentConfig(in.get("DeploymentConfig"));
    return sessions
        .withTransaction(
            session ->
                requireUpdatable(session, caller, name)
                    .chain(
                        row ->
                            requireConfig(session, caller, configName)
                                .chain(
                                    config ->
                                        models
                                            .requireAll(session, caller, config.definition())
                                            .map(
                                                definitions ->
                                                    startDeployment(row, config, definitions, in))))
                    // Flushing here fires the usage triggers: the pending fleet counts too.
                    .call(session::flush))
        .map(row -> WireJson.object().put("EndpointArn", arn(row).toString()));
  }

  Uni<JsonNode> updateWeightsAndCapacities(Caller caller, JsonNode in) {
    String name = in.get("EndpointName").asText();
    return sessions
        .withTransaction(
            session ->
                requireUpdatable(session, caller, name)
                    .chain(
                        row ->
                            configs
                                .get(session, row.configId)
                                .map(
                                    config -> {
                                      Fleet fleet = Fleet.parse(row.variants);
                                      applyDesired(
                                          fleet,
                                          in.get("DesiredWeightsAndCapacities"),
                                          config.name());
                                      row.variants = fleet.toJson();
                                      row.rollout = null;
                                      row.status = EndpointStatus.Updating.name();
                                      row.lastModifiedTime = WireJson.now();
                                      return row;
                                    }))
                    .call(session::flush))
        .map(row -> WireJson.object().put("EndpointArn", arn(row).toString()));
  }

  /** Records a blue/green deployment of {@code config} beside the live fleet (spec §2.12). */
  private static EndpointEntity startDeployment(
      EndpointEntity row, ConfigRow config, ObjectNode modelDefinitions, JsonNode in) {
    Instant now = WireJson.now();
    row.pendingConfigId = config.id();
    row.pendingModels = WireJson.write(modelDefinitions);
    row.rollout = null;
    row.pendingVariants =
        pendingFleet(Fleet.desiredBy(config.definition()), Fleet.parse(row.variants), in).toJson();
    row.pendingStartTime = now;
    row.status = EndpointStatus.Updating.name();
    row.lastModifiedTime = now;
    if (!in.path("RetainDeploymentConfig").asBoolean(false)) {
      row.deploymentConfig =
          in.hasNonNull("DeploymentConfig") ? WireJson.write(in.get("DeploymentConfig")) : null;
    }
    return row;
  }

  Uni<JsonNode> delete(Caller caller, JsonNode in) {
    String name = in.get("EndpointName").asText();
    return sessions
        .withTransaction(
            session ->
                ResourceLookup.requireForUpdate(
                        session, EndpointEntity.class, ResourceType.ENDPOINT, caller, name)
                    .map(
                        row -> {
                          EndpointStatus status = EndpointStatus.valueOf(row.status);
                          if (!status.acceptsDelete()) {
                            throw SageMakerErrors.inProgress(arn(row));
                          }
                          row.status = EndpointStatus.Deleting.name();
                          row.lastModifiedTime = WireJson.now();
                          return row;
                        })
                    .call(session::flush))
        .map(ignored -> WireJson.object());
  }

  static Arn arn(EndpointEntity row) {
    return Arn.of(row.region, row.accountId, ResourceType.ENDPOINT, row.name);
  }

  private static Arn arnOf(Caller caller, String name) {
    return Arn.of(caller.region(), caller.account(), ResourceType.ENDPOINT, name);
  }

  /** A configuration read inside the transaction, with its definition. */
  private record ConfigRow(Long id, ObjectNode definition) {}

  private Uni<ConfigRow> requireConfig(Mutiny.Session session, Caller caller, String configName) {
    return ResourceLookup.require(
            session, EndpointConfigEntity.class, ResourceType.ENDPOINT_CONFIG, caller, configName)
        .map(
            config -> {
              return new ConfigRow(config.id(), configs.remember(config).definition());
            });
  }

  /** The endpoint, locked, if it may be updated now; the SageMaker error otherwise. */
  private static Uni<EndpointEntity> requireUpdatable(
      Mutiny.Session session, Caller caller, String name) {
    return ResourceLookup.requireForUpdate(
            session, EndpointEntity.class, ResourceType.ENDPOINT, caller, name)
        .map(
            row -> {
              EndpointStatus status = EndpointStatus.valueOf(row.status);
              if (status.inProgress()) {
                throw SageMakerErrors.inProgress(arn(row));
              }
              if (!status.acceptsUpdate()) {
                throw SageMakerErrors.validation(
                    "Cannot update endpoint \""
                        + arn(row)
                        + "\" in status "
                        + status
                        + ": only DeleteEndpoint is allowed.");
              }
              return row;
            });
  }

  /**
   * The new configuration's fleet, keeping the live variants' desired counts and weights when the
   * caller asks to retain them (RetainAllVariantProperties, spec §2.12).
   */
  private static Fleet pendingFleet(Fleet fresh, Fleet live, JsonNode in) {
    if (!in.path("RetainAllVariantProperties").asBoolean(false)) {
      return fresh;
    }
    Set<String> excluded = new HashSet<>();
    in.path("ExcludeRetainedVariantProperties")
        .forEach(p -> excluded.add(p.path("VariantPropertyType").asText()));
    for (JsonNode v : fresh.variants()) {
      ObjectNode old = live.variant(v.path("VariantName").asText());
      if (old == null) {
        continue;
      }
      ObjectNode target = (ObjectNode) v;
      if (!excluded.contains("DesiredInstanceCount")
          && old.has("DesiredInstanceCount")
          && target.has("DesiredInstanceCount")) {
        target.put("DesiredInstanceCount", old.get("DesiredInstanceCount").asInt());
      }
      if (!excluded.contains("DesiredWeight")) {
        target.put("DesiredWeight", old.path("DesiredWeight").floatValue());
      }
    }
    return fresh;
  }

  /** Applies DesiredWeightsAndCapacities to {@code fleet}. */
  private static void applyDesired(Fleet fleet, JsonNode desired, String configName) {
    Set<String> seen = new HashSet<>();
    Set<String> missing = new LinkedHashSet<>();
    for (JsonNode d : desired) {
      String variant = d.path("VariantName").asText();
      if (!seen.add(variant)) {
        throw SageMakerErrors.validation(
            "The variant name \"" + variant + "\" was non-unique within the request.");
      }
      if (fleet.variant(variant) == null) {
        missing.add(variant);
      }
    }
    if (!missing.isEmpty()) {
      throw SageMakerErrors.validation(
          "The variant name(s) \""
              + String.join("\", \"", missing)
              + "\" is/are not present within endpoint configuration \""
              + configName
              + "\".");
    }
    for (JsonNode d : desired) {
      ObjectNode v = fleet.variant(d.path("VariantName").asText());
      if (!d.hasNonNull("DesiredWeight")
          && !d.hasNonNull("DesiredInstanceCount")
          && !d.hasNonNull("ServerlessUpdateConfig")) {
        throw SageMakerErrors.validation(
            "Variant \""
                + d.path("VariantName").asText()
                + "\" must specify at least one of DesiredWeight, DesiredInstanceCount and"
                + " ServerlessUpdateConfig.");
      }
      if (d.hasNonNull("DesiredWeight")) {
        v.put("DesiredWeight", d.get("DesiredWeight").floatValue());
      }
      if (d.hasNonNull("DesiredInstanceCount")) {
        if (!v.hasNonNull("InstanceType")) {
          throw SageMakerErrors.validation(
              "Variant \""
                  + v.path("VariantName").asText()
                  + "\" is serverless and has no instance count to change.");
        }
        v.put("DesiredInstanceCount", d.get("DesiredInstanceCount").asLong());
      }
      if (d.hasNonNull("ServerlessUpdateConfig")) {
        if (!v.hasNonNull("DesiredServerlessConfig")) {
          throw SageMakerErrors.validation(
              "Variant \"" + v.path("VariantName").asText() + "\" is not serverless.");
        }
        ((ObjectNode) v.get("DesiredServerlessConfig"))
            .setAll((ObjectNode) d.get("ServerlessUpdateConfig"));
      }
    }
  }

  /** Only one update policy at a time (spec §2.9). */
  private static void checkDeploymentConfig(JsonNode deploymentConfig) {
    if (deploymentConfig != null
        && deploymentConfig.hasNonNull("BlueGreenUpdatePolicy")
        && deploymentConfig.hasNonNull("RollingUpdatePolicy")) {
      throw SageMakerErrors.validation(
          "DeploymentConfig can specify only one of BlueGreenUpdatePolicy and RollingUpdatePolicy.");
    }
  }
}
