package dev.berth.controlplane.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.controlplane.orchestrator.ContainerSpec;
import dev.berth.controlplane.orchestrator.FleetId;
import dev.berth.controlplane.orchestrator.FleetSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fleets a generation of an endpoint needs: a pure function of the endpoint's row, so every
 * replica and every restart plans the same fleets under the same names.
 */
final class FleetPlanner {
  /** What SageMaker does when a variant has no RoutingConfig. */
  static final String DEFAULT_ROUTING = "LEAST_OUTSTANDING_REQUESTS";

  /** The instance type a serverless variant's single instance is placed as. */
  static final String SERVERLESS_INSTANCE_TYPE = "ml.serverless";

  private final ReconcilerSettings settings;

  FleetPlanner(ReconcilerSettings settings) {
    this.settings = settings;
  }

  /**
   * The fleets of {@code generation}, in configuration order.
   *
   * @throws PlanException if a variant's model is not among the generation's models
   */
  List<VariantFleet> plan(EndpointRow row, Generation generation) throws PlanException {
    List<VariantFleet> fleets = new ArrayList<>();
    for (JsonNode state : generation.variants()) {
      String variant = state.path("VariantName").asText();
      JsonNode definition = generation.variantDefinition(variant);
      String modelName = definition.path("ModelName").asText();
      JsonNode model = generation.models().get(modelName);
      if (model == null) {
        throw new PlanException(
            "Could not find model \"" + modelName + "\" for production variant " + variant + ".");
      }
      boolean serverless = !state.hasNonNull("InstanceType");
      int count = serverless ? 1 : state.path("DesiredInstanceCount").asInt(1);
      Duration startup =
          definition.hasNonNull("ContainerStartupHealthCheckTimeoutInSeconds")
              ? Duration.ofSeconds(
                  definition.get("ContainerStartupHealthCheckTimeoutInSeconds").asLong())
              : settings.startupTimeout();
      FleetSpec spec =
          new FleetSpec(
              new FleetId(row.id, generation.configId(), variant),
              row.account,
              row.region,
              row.name,
              generation.configName(),
              serverless ? SERVERLESS_INSTANCE_TYPE : state.get("InstanceType").asText(),
              count,
              container(model, variant),
              startup);
      fleets.add(
          new VariantFleet(
              variant,
              state.path("Shadow").asBoolean(false),
              spec,
              definition.path("RoutingConfig").path("RoutingStrategy").asText(DEFAULT_ROUTING)));
    }
    return fleets;
  }

  /** The container of a model definition: its PrimaryContainer, or its first container. */
  ContainerSpec container(JsonNode model, String variant) throws PlanException {
    JsonNode container =
        model.hasNonNull("PrimaryContainer")
            ? model.get("PrimaryContainer")
            : model.path("Containers").path(0);
    if (!container.isObject()) {
      throw new PlanException(
          "The model of production variant " + variant + " has no container definition.");
    }
    Optional<String> image = Optional.ofNullable(container.path("Image").textValue());
    image = image.filter(i -> !isRuntimeImage(i));
    Optional<String> url = Optional.ofNullable(container.path("ModelDataUrl").textValue());
    boolean uncompressed = false;
    JsonNode s3 = container.path("ModelDataSource").path("S3DataSource");
    if (url.isEmpty() && s3.hasNonNull("S3Uri")) {
      url = Optional.of(s3.get("S3Uri").asText());
      uncompressed = "None".equals(s3.path("CompressionType").asText());
    }
    Map<String, String> environment = new LinkedHashMap<>();
    container
        .path("Environment")
        .fields()
        .forEachRemaining(e -> environment.put(e.getKey(), e.getValue().asText()));
    return new ContainerSpec(
        image,
        url,
        uncompressed,
        "MultiModel".equals(container.path("Mode").asText()),
        environment);
  }

  /** True if {@code image} names Berth's runtime ({@code berth}, {@code ghcr.io/x/berth:1.0}…). */
  boolean isRuntimeImage(String image) {
    String repository = image.split("@", 2)[0];
    int tag = repository.lastIndexOf(':');
    if (tag > repository.lastIndexOf('/')) {
      repository = repository.substring(0, tag);
    }
    int slash = repository.indexOf('/');
    // A first segment with a dot, a colon or "localhost" is a registry host, not part of the path.
    if (slash > 0) {
      String first = repository.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
        repository = repository.substring(slash + 1);
      }
    }
    String last = repository.substring(repository.lastIndexOf('/') + 1);
    return settings.runtimeImages().contains(repository) || settings.runtimeImages().contains(last);
  }

  /** A generation whose fleets cannot be planned; the message is a FailureReason. */
  static final class PlanException extends Exception {
    PlanException(String message) {
      super(message);
    }
  }
}
