package dev.berth.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.ContainerDefinition;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariant;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.SageMakerRuntimeException;

/**
 * What a user does first, on one {@code berth up} shared by the tests (each on its own names or
 * accounts): {@code berth demo}, the examples/ walks with the AWS CLI, boto3 and the Java SDK, an
 * update under traffic, two accounts, a quota.
 */
class BerthExamplesIT {
  /** The committed example artifact, as examples/ uses it (the tests run in launcher/). */
  private static final Path EXAMPLE_MODEL =
      Path.of("..", "examples", "model", "model.tar.gz").toAbsolutePath().normalize();

  private static final String REQUEST = "{\"instances\": [[1, 2, 3, 4]]}";
  private static final String PREDICTION = "{\"predictions\":[[6.125,2.5,4.25]]}";

  @TempDir static Path dataDir;
  private static BerthProcesses berth;
  private static int port;

  @BeforeAll
  static void up() throws Exception {
    berth = new BerthProcesses(dataDir);
    port = BerthProcesses.freePort();
    berth.up(port);
  }

  @AfterAll
  static void down() throws InterruptedException {
    berth.close();
  }

  @Test
  void berthDemoWalksTheExampleAndPrintsThePrediction() throws Exception {
    String out =
        BerthProcesses.run(
            Duration.ofMinutes(4),
            Map.of(),
            "demo",
            "--endpoint-url",
            BerthProcesses.url(port),
            "--name",
            "demo-it");
    assertThat(out)
        .contains("CreateModel demo-it")
        .contains("UpdateEndpoint demo-it to demo-it-config-2")
        .contains("prediction: " + PREDICTION)
        .contains("DeleteModel demo-it")
        .contains("Done in");
    SageMakerClient sm = BerthProcesses.client(port, "test", "test");
    assertThat(sm.listModels(r -> r.nameContains("demo-it")).models()).isEmpty();
    assertThat(sm.listEndpointConfigs(r -> r.nameContains("demo-it")).endpointConfigs()).isEmpty();
  }

  @Test
  void theAwsCliExampleRunsThroughWhereTheCliIsInstalled() throws Exception {
    Assumptions.assumeTrue(
        onPath("aws"), "The AWS CLI ('aws') is not on PATH: the AWS CLI walk is skipped.");
    String out =
        runScript(List.of("bash", "examples/aws-cli.sh", BerthProcesses.url(port)), "cli-it");
    assertThat(out).contains("prediction: " + PREDICTION).contains("Done.");
  }

  @Test
  void theBoto3ExampleRunsThroughWhereBoto3IsInstalled() throws Exception {
    Assumptions.assumeTrue(
        onPath("python3") && succeeds("python3", "-c", "import boto3"),
        "python3 with boto3 is not installed: the boto3 walk is skipped.");
    String out =
        runScript(
            List.of("python3", "examples/boto3_example.py", BerthProcesses.url(port)), "boto3-it");
    assertThat(out).contains("prediction: {'predictions': [[6.125, 2.5, 4.25]]}").contains("Done.");
  }

  @Test
  void theJavaExampleRunsWithBerthJarOnTheClasspath() throws Exception {
    String out =
        runScript(
            List.of(
                BerthProcesses.java(),
                "-cp",
                BerthProcesses.JAR.toAbsolutePath().toString(),
                "examples/java/Example.java",
                BerthProcesses.url(port)),
            "java-it");
    assertThat(out).contains("prediction: " + PREDICTION + " from AllTraffic").contains("Done.");
  }

  @Test
  void anUpdateUnderContinuousInvokeTrafficLosesNoRequest() throws Exception {
    SageMakerClient sm = BerthProcesses.client(port, "test", "test");
    createModel(sm, "traffic");
    createConfig(sm, "traffic-blue", "traffic", "Blue");
    createConfig(sm, "traffic-green", "traffic", "Green");
    sm.createEndpoint(r -> r.endpointName("traffic").endpointConfigName("traffic-blue"));
    sm.waiter().waitUntilEndpointInService(r -> r.endpointName("traffic"), quick());

    int clients = 3;
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger blue = new AtomicInteger();
    AtomicInteger green = new AtomicInteger();
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch started = new CountDownLatch(clients);
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long t0 = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      pool.submit(
          () -> {
            started.countDown();
            try (SageMakerRuntimeClient runtime =
                BerthProcesses.runtimeClient(port, "test", "test")) {
              while (!done.get()) {
                try {
                  InvokeEndpointResponse answer = invoke(runtime, "traffic");
                  assertThat(answer.body().asUtf8String()).isEqualTo(PREDICTION);
                  (answer.invokedProductionVariant().equals("Green") ? green : blue)
                      .incrementAndGet();
                } catch (RuntimeException | AssertionError e) {
                  failures.add(
                      String.format(
                          "%,d ms: %s", (System.nanoTime() - t0) / 1_000_000, e.getMessage()));
                }
              }
            }
          });
    }
    started.await();
    Thread.sleep(500); // traffic on Blue before the update: the test's baseline, not a wait
    sm.updateEndpoint(r -> r.endpointName("traffic").endpointConfigName("traffic-green"));
    long updated = (System.nanoTime() - t0) / 1_000_000;
    sm.waiter().waitUntilEndpointInService(r -> r.endpointName("traffic"), quick());
    long inService = (System.nanoTime() - t0) / 1_000_000;
    // Keep the traffic on while the old instance drains and stops.
    int greenAtInService = green.get();
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> green.get() > greenAtInService + 200);
    Thread.sleep(2_000);
    done.set(true);
    pool.shutdown();
    assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

    System.out.printf(
        "Update under traffic: %d answers from Blue, %d from Green, %d failures; UpdateEndpoint at"
            + " %,d ms, InService at %,d ms%n",
        blue.get(), green.get(), failures.size(), updated, inService);
    assertThat(failures)
        .as(
            "invocations that failed (Blue %d, Green %d answered; UpdateEndpoint at %,d ms,"
                + " InService at %,d ms)",
            blue.get(), green.get(), updated, inService)
        .isEmpty();
    assertThat(blue.get()).isPositive();
    assertThat(green.get()).isPositive();
    deleteAll(sm, "traffic", "traffic-blue", "traffic-green");
  }

  @Test
  void anotherAccountCanNeitherSeeNorInvokeAnEndpoint() throws Exception {
    JsonNode a = createKey("111122223333");
    JsonNode b = createKey("444455556666");
    SageMakerClient smA = client(a);
    SageMakerClient smB = client(b);
    createModel(smA, "private");
    createConfig(smA, "private-config", "private", "AllTraffic");
    smA.createEndpoint(r -> r.endpointName("private").endpointConfigName("private-config"));
    smA.waiter().waitUntilEndpointInService(r -> r.endpointName("private"), quick());
    try (SageMakerRuntimeClient runtimeA = runtimeClient(a);
        SageMakerRuntimeClient runtimeB = runtimeClient(b)) {
      assertThat(invoke(runtimeA, "private").body().asUtf8String()).isEqualTo(PREDICTION);

      assertThatThrownBy(() -> smB.describeEndpoint(r -> r.endpointName("private")))
          .isInstanceOfSatisfying(
              SageMakerException.class,
              e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                assertThat(e.awsErrorDetails().errorMessage()).contains("Could not find endpoint");
              });
      assertThatThrownBy(() -> smB.describeModel(r -> r.modelName("private")))
          .isInstanceOfSatisfying(
              SageMakerException.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
      assertThat(smB.listEndpoints().endpoints()).isEmpty();
      assertThatThrownBy(() -> invoke(runtimeB, "private"))
          .isInstanceOfSatisfying(
              SageMakerRuntimeException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(400);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
                assertThat(e.awsErrorDetails().errorMessage())
                    .contains("Endpoint private of account 444455556666 not found.");
              });
    }
    // Names are per account: B may use the same one.
    createModel(smB, "private");
    smB.deleteModel(r -> r.modelName("private"));
    deleteAll(smA, "private", "private-config");
  }

  @Test
  void aQuotaOfOneEndpointRefusesTheSecondCreateEndpoint() throws Exception {
    JsonNode c = createKey("777788889999");
    String set =
        BerthProcesses.run(
            "quotas",
            "set",
            "--account",
            "777788889999",
            "--region",
            "us-east-1",
            "endpoints=1",
            "--server",
            BerthProcesses.url(port));
    assertThat(set).contains("777788889999");
    SageMakerClient sm = client(c);
    createModel(sm, "quota");
    createConfig(sm, "quota-config", "quota", "AllTraffic");
    sm.createEndpoint(r -> r.endpointName("quota-1").endpointConfigName("quota-config"));
    assertThatThrownBy(
            () ->
                sm.createEndpoint(
                    r -> r.endpointName("quota-2").endpointConfigName("quota-config")))
        .isInstanceOfSatisfying(
            SageMakerException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceLimitExceeded");
            });
    assertThat(sm.listEndpoints().endpoints()).hasSize(1);
    sm.waiter().waitUntilEndpointInService(r -> r.endpointName("quota-1"), quick());
    sm.deleteEndpoint(r -> r.endpointName("quota-1"));
    sm.waiter().waitUntilEndpointDeleted(r -> r.endpointName("quota-1"), quick());
    sm.deleteEndpointConfig(r -> r.endpointConfigName("quota-config"));
    sm.deleteModel(r -> r.modelName("quota"));
  }

  private static InvokeEndpointResponse invoke(SageMakerRuntimeClient runtime, String endpoint) {
    return runtime.invokeEndpoint(
        r ->
            r.endpointName(endpoint)
                .contentType("application/json")
                .body(SdkBytes.fromUtf8String(REQUEST)));
  }

  private static void createModel(SageMakerClient sm, String name) {
    sm.createModel(
        r ->
            r.modelName(name)
                .primaryContainer(
                    ContainerDefinition.builder()
                        .modelDataUrl(EXAMPLE_MODEL.toUri().toString())
                        .build()));
  }

  private static void createConfig(
      SageMakerClient sm, String config, String model, String variant) {
    sm.createEndpointConfig(
        r ->
            r.endpointConfigName(config)
                .productionVariants(
                    ProductionVariant.builder()
                        .variantName(variant)
                        .modelName(model)
                        .instanceType("ml.m5.large")
                        .initialInstanceCount(1)
                        .build()));
  }

  private static void deleteAll(SageMakerClient sm, String endpoint, String... configsThenModel) {
    sm.deleteEndpoint(r -> r.endpointName(endpoint));
    sm.waiter().waitUntilEndpointDeleted(r -> r.endpointName(endpoint), quick());
    for (String config : configsThenModel) {
      if (!config.equals(endpoint)) {
        sm.deleteEndpointConfig(r -> r.endpointConfigName(config));
      }
    }
    sm.deleteModel(r -> r.modelName(endpoint));
  }

  private static JsonNode createKey(String account) throws Exception {
    String json =
        BerthProcesses.run(
            "keys", "create", "--account", account, "--server", BerthProcesses.url(port));
    return new ObjectMapper().readTree(json.substring(json.indexOf('{')));
  }

  private static SageMakerClient client(JsonNode key) {
    return BerthProcesses.client(
        port, key.get("AccessKeyId").asText(), key.get("SecretAccessKey").asText());
  }

  private static SageMakerRuntimeClient runtimeClient(JsonNode key) {
    return BerthProcesses.runtimeClient(
        port, key.get("AccessKeyId").asText(), key.get("SecretAccessKey").asText());
  }

  /**
   * Runs an examples/ walk from the repository root, as the examples say, with the loopback key and
   * its own resource names.
   */
  private static String runScript(List<String> command, String name) throws Exception {
    return BerthProcesses.runCommand(
        command,
        Path.of("..").toAbsolutePath().normalize(),
        Duration.ofMinutes(4),
        Map.of(
            "NAME", name,
            "AWS_ACCESS_KEY_ID", "test",
            "AWS_SECRET_ACCESS_KEY", "test",
            "AWS_DEFAULT_REGION", "us-east-1"));
  }

  private static boolean onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  private static boolean succeeds(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  private static Consumer<WaiterOverrideConfiguration.Builder> quick() {
    return o ->
        o.maxAttempts(600)
            .backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(200)));
  }
}
