package dev.berth.controlplane.orchestrator.kubernetes;

import dev.berth.controlplane.orchestrator.ContainerSpec;
import dev.berth.controlplane.orchestrator.FleetId;
import dev.berth.controlplane.orchestrator.FleetSpec;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Fleet specs for the Kubernetes orchestrator's tests. */
final class FleetSpecs {
  private FleetSpecs() {}

  /** A fleet of Berth's runtime serving a model from S3, on {@code instanceType}. */
  static FleetSpec runtime(long endpointId, String variant, String instanceType, int count) {
    return new FleetSpec(
        new FleetId(endpointId, 7, variant),
        "123456789012",
        "us-east-1",
        "endpoint-" + endpointId,
        "config-7",
        instanceType,
        count,
        new ContainerSpec(
            Optional.empty(),
            Optional.of("s3://models/resnet/model.tar.gz"),
            false,
            false,
            Map.of("SAGEMAKER_MODEL_SERVER_TIMEOUT", "120", "SAGEMAKER_BIND_TO_PORT", "9999")),
        Duration.ofSeconds(600));
  }

  /** A fleet of a model's own image (bring your own container). */
  static FleetSpec ownImage(long endpointId, String variant, int count) {
    return new FleetSpec(
        new FleetId(endpointId, 7, variant),
        "123456789012",
        "us-east-1",
        "endpoint-" + endpointId,
        "config-7",
        "ml.m5.large",
        count,
        new ContainerSpec(
            Optional.of("registry.example/my-model:3"),
            Optional.of("s3://models/prefix/"),
            true,
            true,
            Map.of()),
        Duration.ofSeconds(60));
  }
}
