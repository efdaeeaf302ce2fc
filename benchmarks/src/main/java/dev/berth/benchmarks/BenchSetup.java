package dev.berth.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.controlplane.admin.AdminClient;
import dev.berth.controlplane.admin.AdminClient.AdminException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Makes what a run needs through the API before any load is sent: with an admin key, a fresh
 * account whose endpoint and instance quotas are raised out of the way; in it one model, one
 * endpoint configuration, and for the DescribeEndpoint run the endpoints to describe. A fresh
 * account per run keeps runs apart: CreateEndpoint's quota checks count the account's endpoints.
 */
final class BenchSetup {
  /** The quotas a CreateEndpoint run at a few hundred per second would otherwise hit. */
  static final List<String> RAISED_QUOTAS =
      List.of("endpoints", "endpoint-configs", "instances", "instance-type:ml.m5.large");

  static final long RAISED_VALUE = 10_000_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private BenchSetup() {}

  /**
   * What setup made.
   *
   * @param account the account the load runs in, or null when the given key is not an admin key and
   *     its account is not known
   * @param accessKeyId the key the load signs with
   * @param secret its secret
   * @param prefix the prefix of every name this run makes
   * @param configName the endpoint configuration CreateEndpoint uses
   * @param endpointNames the endpoints DescribeEndpoint reads
   */
  record Prepared(
      String account,
      String accessKeyId,
      String secret,
      String prefix,
      String configName,
      List<String> endpointNames) {}

  static Prepared prepare(BenchOptions options, Consumer<String> log) throws AdminException {
    URI url = options.endpointUrl();
    // Six base-36 characters: names stay short and runs on one server never collide.
    String prefix =
        "bench-"
            + Long.toString(ThreadLocalRandom.current().nextLong(60_466_176L, 2_176_782_336L), 36);
    AdminClient admin =
        new AdminClient(url, options.region(), options.accessKey(), options.secretKey());
    String account =
        String.format("%012d", ThreadLocalRandom.current().nextLong(1, 1_000_000_000_000L));
    String accessKeyId = options.accessKey();
    String secret = options.secretKey();
    try {
      JsonNode key = admin.createAccessKey(account, List.of(), false);
      accessKeyId = key.get("AccessKeyId").asText();
      secret = key.get("SecretAccessKey").asText();
      for (String quota : RAISED_QUOTAS) {
        admin.setQuota(account, options.region(), quota, RAISED_VALUE);
      }
      log.accept("setup: fresh account " + account + ", quotas " + RAISED_QUOTAS + " raised");
    } catch (AdminException e) {
      if (!e.code().contains("AccessDenied")) {
        throw e;
      }
      account = null;
      log.accept(
          "setup: "
              + options.accessKey()
              + " is not an admin key; running in its own account, whose endpoint and instance"
              + " quotas must allow the run");
    }

    AdminClient api = new AdminClient(url, options.region(), accessKeyId, secret);
    String model = prefix + "-model";
    ObjectNode createModel = JSON.createObjectNode().put("ModelName", model);
    createModel.put("ExecutionRoleArn", "arn:aws:iam::123456789012:role/berth-bench");
    createModel
        .putObject("PrimaryContainer")
        .put("Image", "berth/runtime:latest")
        .put("ModelDataUrl", "s3://berth-bench/" + model + "/model.tar.gz");
    api.call("SageMaker.CreateModel", createModel);

    String configName = prefix + "-config";
    ObjectNode createConfig = JSON.createObjectNode().put("EndpointConfigName", configName);
    createConfig
        .putArray("ProductionVariants")
        .addObject()
        .put("VariantName", "AllTraffic")
        .put("ModelName", model)
        .put("InstanceType", "ml.m5.large")
        .put("InitialInstanceCount", 1);
    api.call("SageMaker.CreateEndpointConfig", createConfig);

    List<String> endpoints = new ArrayList<>();
    if (options.operation() == BenchOperation.DESCRIBE) {
      for (int i = 1; i <= options.endpoints(); i++) {
        String name = prefix + "-described-" + i;
        api.call(
            "SageMaker.CreateEndpoint",
            JSON.createObjectNode()
                .put("EndpointName", name)
                .put("EndpointConfigName", configName));
        endpoints.add(name);
      }
      log.accept("setup: " + endpoints.size() + " endpoints to describe");
    }
    return new Prepared(account, accessKeyId, secret, prefix, configName, List.copyOf(endpoints));
  }
}
