package dev.berth.controlplane.orchestrator;

import java.time.Duration;
import java.util.Objects;

/**
 * What one fleet should be: a pure function of the database rows (endpoint, configuration, model),
 * so applying it twice is the same as applying it once.
 *
 * @param id which fleet
 * @param account the owning account (labels, logs)
 * @param region the region (labels, logs)
 * @param endpointName the endpoint's name as created
 * @param configName the endpoint configuration's name
 * @param instanceType the variant's {@code InstanceType} (resources come from the catalog)
 * @param instanceCount how many instances should run
 * @param container what each instance runs
 * @param startupTimeout how long an instance may take to pass {@code /ping} ({@code
 *     ContainerStartupHealthCheckTimeoutInSeconds})
 */
public record FleetSpec(
    FleetId id,
    String account,
    String region,
    String endpointName,
    String configName,
    String instanceType,
    int instanceCount,
    ContainerSpec container,
    Duration startupTimeout) {
  public FleetSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(endpointName, "endpointName");
    Objects.requireNonNull(configName, "configName");
    Objects.requireNonNull(instanceType, "instanceType");
    Objects.requireNonNull(container, "container");
    Objects.requireNonNull(startupTimeout, "startupTimeout");
    if (instanceCount < 0) {
      throw new IllegalArgumentException("instanceCount < 0: " + instanceCount);
    }
  }

  /** The same fleet with another instance count (UpdateEndpointWeightsAndCapacities). */
  public FleetSpec withInstanceCount(int count) {
    return new FleetSpec(
        id,
        account,
        region,
        endpointName,
        configName,
        instanceType,
        count,
        container,
        startupTimeout);
  }
}
