package dev.berth.controlplane.orchestrator;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one instance of an instance type gets: CPU, memory and GPUs, and where it may be placed.
 *
 * @param name the instance type, e.g. {@code ml.g5.xlarge}
 * @param cpu CPU as a Kubernetes quantity ({@code "4"}, {@code "500m"})
 * @param memory memory as a Kubernetes quantity ({@code "16Gi"})
 * @param gpus how many {@code nvidia.com/gpu}; 0 for a CPU type
 * @param nodeSelector node labels an instance's pod must match (may be empty)
 * @param tolerations taints an instance's pod tolerates (may be empty)
 */
public record InstanceTypeResources(
    String name,
    String cpu,
    String memory,
    int gpus,
    Map<String, String> nodeSelector,
    List<Toleration> tolerations) {
  public InstanceTypeResources {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(cpu, "cpu");
    Objects.requireNonNull(memory, "memory");
    nodeSelector = nodeSelector == null ? Map.of() : Map.copyOf(nodeSelector);
    tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
    if (gpus < 0) {
      throw new IllegalArgumentException("gpus < 0: " + gpus);
    }
  }

  /** CPU in thousandths of a core ({@code "2"} is 2000), rounded up. */
  public long cpuMillis() {
    return Quantities.parse(cpu)
        .movePointRight(3)
        .setScale(0, java.math.RoundingMode.CEILING)
        .longValueExact();
  }

  /** Memory in bytes ({@code "16Gi"} is 17179869184), rounded up. */
  public long memoryBytes() {
    return Quantities.parse(memory).setScale(0, java.math.RoundingMode.CEILING).longValueExact();
  }

  /**
   * A Kubernetes toleration, as in a pod spec.
   *
   * @param key the taint key ({@code nvidia.com/gpu}); empty with {@code Exists} tolerates every
   *     taint
   * @param operator {@code Exists} or {@code Equal}
   * @param value the taint value for {@code Equal}; empty for {@code Exists}
   * @param effect {@code NoSchedule}, {@code PreferNoSchedule}, {@code NoExecute}, or empty for all
   */
  public record Toleration(String key, String operator, String value, String effect) {
    public Toleration {
      key = key == null ? "" : key;
      operator = operator == null || operator.isEmpty() ? "Equal" : operator;
      value = value == null ? "" : value;
      effect = effect == null ? "" : effect;
    }

    /** Tolerates {@code key} with any value, for {@code effect}. */
    public static Toleration exists(String key, String effect) {
      return new Toleration(key, "Exists", "", effect);
    }
  }
}
