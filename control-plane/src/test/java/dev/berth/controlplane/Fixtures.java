package dev.berth.controlplane;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.ContainerDefinition;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariant;

/** Small builders for test resources, so each test states only what it is about. */
public final class Fixtures {
  private Fixtures() {}

  /** Creates a model with one container; returns its ARN. */
  public static String model(SageMakerClient sm, String name) {
    return sm.createModel(
            r ->
                r.modelName(name)
                    .executionRoleArn("arn:aws:iam::123456789012:role/berth")
                    .primaryContainer(
                        ContainerDefinition.builder()
                            .image("berth/runtime:latest")
                            .modelDataUrl("s3://models/" + name + "/model.tar.gz")
                            .build()))
        .modelArn();
  }

  /** Creates a configuration with one variant "AllTraffic" of {@code count} ml.m5.large. */
  public static String config(SageMakerClient sm, String name, String model, int count) {
    return sm.createEndpointConfig(
            r ->
                r.endpointConfigName(name)
                    .productionVariants(variant("AllTraffic", model, "ml.m5.large", count)))
        .endpointConfigArn();
  }

  /** An instance-based production variant. */
  public static ProductionVariant variant(
      String name, String model, String instanceType, int count) {
    return ProductionVariant.builder()
        .variantName(name)
        .modelName(model)
        .instanceType(instanceType)
        .initialInstanceCount(count)
        .build();
  }

  /** Model + configuration + endpoint named {@code prefix}-m/-c/{@code prefix}; returns the ARN. */
  public static String endpoint(SageMakerClient sm, String prefix) {
    model(sm, prefix + "-m");
    config(sm, prefix + "-c", prefix + "-m", 1);
    return sm.createEndpoint(r -> r.endpointName(prefix).endpointConfigName(prefix + "-c"))
        .endpointArn();
  }

  /**
   * Moves an endpoint's status the way the reconciler will (this issue has no reconciler yet), so
   * the API's behaviour in later states can be tested.
   */
  public static void setStatus(String account, String endpointName, String status) {
    var db = TestDatabase.config();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        PreparedStatement s =
            c.prepareStatement(
                "update endpoints set status = ?, version = version + 1,"
                    + " variants = (select coalesce(jsonb_agg(v || jsonb_build_object("
                    + "'CurrentInstanceCount', v->'DesiredInstanceCount', 'CurrentWeight',"
                    + " v->'DesiredWeight'))::text, '[]') from jsonb_array_elements(variants::jsonb) v)"
                    + " where account_id = ? and name_key = lower(?)")) {
      s.setString(1, status);
      s.setString(2, account);
      s.setString(3, endpointName);
      if (s.executeUpdate() != 1) {
        throw new IllegalStateException("no endpoint " + endpointName + " in " + account);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
