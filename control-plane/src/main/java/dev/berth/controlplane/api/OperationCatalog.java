package dev.berth.controlplane.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.awswire.arn.ResourceType;
import dev.berth.awswire.shape.ServiceModel;
import dev.berth.awswire.shape.Violation;
import dev.berth.controlplane.auth.AccessKeyDirectory;
import dev.berth.controlplane.auth.AccessKeyIssuer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.hibernate.reactive.mutiny.Mutiny;

/** Every operation the control plane serves, by {@code X-Amz-Target}. */
public final class OperationCatalog {
  private final Map<String, Operation> operations = new LinkedHashMap<>();
  private final ServiceModel model;

  private OperationCatalog(ServiceModel model) {
    this.model = model;
  }

  /** The SageMaker hosting operations and Berth's administration operations. */
  public static Map<String, Operation> build(
      ServiceModel model, Mutiny.SessionFactory sessions, AccessKeyDirectory keys) {
    OperationCatalog c = new OperationCatalog(model);
    ModelReferences references = new ModelReferences();
    ConfigDefinitions configs = new ConfigDefinitions();
    var models = new ModelOperations(sessions);
    var endpointConfigs = new EndpointConfigOperations(sessions, references);
    var endpoints = new EndpointOperations(sessions, references, configs);
    var tags = new TagOperations(sessions);
    var admin = new AdminOperations(sessions, new AccessKeyIssuer(), keys);

    c.sageMaker("CreateModel", ResourceType.MODEL, "ModelName", null, models::create);
    c.sageMaker("DescribeModel", ResourceType.MODEL, "ModelName", null, models::describe);
    c.sageMaker("ListModels", null, null, null, models::list);
    c.sageMaker("DeleteModel", ResourceType.MODEL, "ModelName", null, models::delete);
    c.sageMaker(
        "CreateEndpointConfig",
        ResourceType.ENDPOINT_CONFIG,
        "EndpointConfigName",
        EndpointConfigOperations::variantViolations,
        endpointConfigs::create);
    c.sageMaker(
        "DescribeEndpointConfig",
        ResourceType.ENDPOINT_CONFIG,
        "EndpointConfigName",
        null,
        endpointConfigs::describe);
    c.sageMaker("ListEndpointConfigs", null, null, null, endpointConfigs::list);
    c.sageMaker(
        "DeleteEndpointConfig",
        ResourceType.ENDPOINT_CONFIG,
        "EndpointConfigName",
        null,
        endpointConfigs::delete);
    c.sageMaker("CreateEndpoint", ResourceType.ENDPOINT, "EndpointName", null, endpoints::create);
    c.sageMaker(
        "DescribeEndpoint", ResourceType.ENDPOINT, "EndpointName", null, endpoints::describe);
    c.sageMaker("ListEndpoints", null, null, null, endpoints::list);
    c.sageMaker("UpdateEndpoint", ResourceType.ENDPOINT, "EndpointName", null, endpoints::update);
    c.sageMaker(
        "UpdateEndpointWeightsAndCapacities",
        ResourceType.ENDPOINT,
        "EndpointName",
        null,
        endpoints::updateWeightsAndCapacities);
    c.sageMaker("DeleteEndpoint", ResourceType.ENDPOINT, "EndpointName", null, endpoints::delete);
    c.sageMaker("AddTags", null, null, null, tags::add);
    c.sageMaker("ListTags", null, null, null, tags::list);
    c.sageMaker("DeleteTags", null, null, null, tags::delete);

    c.admin("CreateAccessKey", AdminOperations::createAccessKeyViolations, admin::createAccessKey);
    c.admin("SetQuota", AdminOperations::setQuotaViolations, admin::setQuota);
    c.admin("ListQuotas", AdminOperations::accountViolations, admin::listQuotas);
    return Map.copyOf(c.operations);
  }

  private void sageMaker(
      String name,
      ResourceType resource,
      String nameMember,
      Function<JsonNode, List<Violation>> semanticChecks,
      Operation.Handler handler) {
    String shape =
        model
            .inputShape(name)
            .orElseThrow(() -> new IllegalStateException("no input shape for " + name));
    operations.put(
        "SageMaker." + name,
        new Operation(
            "SageMaker." + name,
            "sagemaker:" + name,
            shape,
            resource,
            nameMember,
            semanticChecks,
            handler,
            false));
  }

  private void admin(
      String name, Function<JsonNode, List<Violation>> checks, Operation.Handler handler) {
    operations.put(
        "Berth." + name,
        new Operation("Berth." + name, "berth:" + name, null, null, null, checks, handler, true));
  }
}
