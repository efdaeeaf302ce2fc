package dev.berth.controlplane.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.controlplane.api.WireJson;
import dev.berth.controlplane.orchestrator.ContainerSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetPlannerTest {
  private final FleetPlanner planner = new FleetPlanner(ReconcilerSettings.defaults());

  @Test
  void berthImagesMeanTheConfiguredRuntime() {
    assertThat(planner.isRuntimeImage("berth")).isTrue();
    assertThat(planner.isRuntimeImage("berth:0.1")).isTrue();
    assertThat(planner.isRuntimeImage("ghcr.io/acme/berth:latest")).isTrue();
    assertThat(planner.isRuntimeImage("localhost:5000/berth-runtime@sha256:abc")).isTrue();
    assertThat(planner.isRuntimeImage("berth/runtime:latest")).isTrue();
    assertThat(
            planner.isRuntimeImage(
                "763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.29"))
        .isFalse();
    assertThat(planner.isRuntimeImage("registry:5000/berthy")).isFalse();
  }

  @Test
  void theContainerComesFromThePrimaryContainerWithItsDataSource() throws Exception {
    ContainerSpec c =
        planner.container(
            WireJson.parse(
                "{\"PrimaryContainer\":{\"Image\":\"acme/model:1\",\"Mode\":\"MultiModel\","
                    + "\"ModelDataSource\":{\"S3DataSource\":{\"S3Uri\":\"s3://b/prefix/\","
                    + "\"S3DataType\":\"S3Prefix\",\"CompressionType\":\"None\"}},"
                    + "\"Environment\":{\"K\":\"V\"}}}"),
            "AllTraffic");
    assertThat(c.image()).contains("acme/model:1");
    assertThat(c.modelDataUrl()).contains("s3://b/prefix/");
    assertThat(c.uncompressed()).isTrue();
    assertThat(c.multiModel()).isTrue();
    assertThat(c.environment()).isEqualTo(Map.of("K", "V"));
  }

  @Test
  void aPipelineRunsItsFirstContainer() throws Exception {
    ContainerSpec c =
        planner.container(
            WireJson.parse(
                "{\"Containers\":[{\"ModelDataUrl\":\"file:///m/model.tar.gz\"},{\"Image\":\"x\"}]}"),
            "v");
    assertThat(c.image()).isEmpty();
    assertThat(c.modelDataUrl()).contains("file:///m/model.tar.gz");
    assertThat(c.uncompressed()).isFalse();
  }
}
