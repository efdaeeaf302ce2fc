package dev.berth.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.ContainerDefinition;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointRequest;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariant;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;

/**
 * {@code berth demo}: the walk of {@code examples/} — model, endpoint configuration, endpoint,
 * invoke, update, delete — against a running {@code berth up}, with the AWS SDK's own SageMaker
 * clients, printing each step and how long it took. It deletes what it created, also when a step
 * fails or the user presses Ctrl-C, unless {@code --keep}.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Walks a running Berth (started with 'berth up' on this machine) through the example of"
          + " examples/: CreateModel with the example model shipped in berth.jar (written to a"
          + " temporary file, used as a file:// ModelDataUrl), CreateEndpointConfig (1 instance),"
          + " CreateEndpoint, wait for InService, InvokeEndpoint, UpdateEndpoint to a second"
          + " configuration (2 instances), wait for InService, InvokeEndpoint, then DeleteEndpoint,"
          + " DeleteEndpointConfig and DeleteModel.",
      "Prints each step, the time it took, and the prediction; exits 1 if a step fails or the"
          + " prediction is not the expected one. What it created is deleted at the end, also"
          + " after a failure or Ctrl-C, unless --keep.",
      "The model: input float32 [batch, 4], output float32 [batch, 3];"
          + " {\"instances\": [[1,2,3,4]]} gives {\"predictions\":[[6.125,2.5,4.25]]}."
    })
final class DemoCommand implements Callable<Integer> {
  static final String MODEL_RESOURCE = "/dev/berth/launcher/examples/model.tar.gz";
  static final String REQUEST = "{\"instances\": [[1, 2, 3, 4]]}";
  static final double[] EXPECTED = {6.125, 2.5, 4.25};
  private static final Set<String> IN_PROGRESS =
      Set.of("Creating", "Updating", "SystemUpdating", "RollingBack");

  @Option(
      names = "--endpoint-url",
      defaultValue = "http://127.0.0.1:8600",
      description =
          "Berth's URL, for the SageMaker and the SageMaker Runtime API (default ${DEFAULT-VALUE}).")
  String endpointUrl;

  @Option(
      names = "--region",
      defaultValue = "us-east-1",
      description = "Region to work in (default ${DEFAULT-VALUE}).")
  String region;

  @Option(
      names = "--access-key",
      description = "Access key id (default $AWS_ACCESS_KEY_ID, else test).")
  String accessKey;

  @Option(
      names = "--secret-key",
      description = "Secret access key (default $AWS_SECRET_ACCESS_KEY, else test).")
  String secretKey;

  @Option(
      names = "--name",
      defaultValue = "berth-demo",
      description =
          "Name of the model and the endpoint; the configurations are <name>-config-1 and"
              + " <name>-config-2 (default ${DEFAULT-VALUE}).")
  String name;

  @Option(
      names = "--instance-type",
      defaultValue = "ml.m5.large",
      description = "Instance type of the production variant (default ${DEFAULT-VALUE}).")
  String instanceType;

  @Option(
      names = "--timeout",
      defaultValue = "300",
      description =
          "Longest wait, in seconds, for the endpoint to be InService or deleted (default ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Option(
      names = "--keep",
      description = "Leave the model, configurations and endpoint in place at the end.")
  boolean keep;

  private final PrintStream out = System.out;
  private int step;

  /** Set when Ctrl-C starts the clean-up: the walk, still running, stops printing and acting. */
  private volatile boolean stopped;

  private Thread walker;

  @Override
  public Integer call() throws IOException {
    String key = firstOf(accessKey, System.getenv("AWS_ACCESS_KEY_ID"), "test");
    String secret = firstOf(secretKey, System.getenv("AWS_SECRET_ACCESS_KEY"), "test");
    Path dir = Files.createTempDirectory("berth-demo");
    Path model = writeExampleModel(dir);
    out.println("Berth demo against " + endpointUrl + " (region " + region + ", key " + key + ")");
    out.println(
        "  Example model "
            + model
            + ": model.onnx, input float32 [batch, 4] -> output float32 [batch, 3]");
    long start = System.nanoTime();
    try (SageMakerClient sm = sageMaker(key, secret);
        SageMakerRuntimeClient runtime = runtime(key, secret)) {
      CreatedResources created = new CreatedResources(sm);
      walker = Thread.currentThread();
      Thread onCtrlC =
          new Thread(
              () -> {
                stopped = true;
                created.deleteAll("stopped");
              },
              "berth-demo-cleanup");
      if (!keep) {
        Runtime.getRuntime().addShutdownHook(onCtrlC);
      }
      int exit = 0;
      try {
        walk(sm, runtime, created, model.toUri().toString());
      } catch (SdkException | DemoFailure e) {
        if (!stopped) {
          System.err.println("berth demo: step " + step + " failed: " + e.getMessage());
        }
        exit = 1;
      } finally {
        if (keep) {
          out.println("Kept (--keep): " + created.describe());
        } else {
          created.deleteAll(exit == 0 ? null : "failed");
          removeHook(onCtrlC);
        }
      }
      if (exit == 0) {
        out.printf(Locale.ROOT, "Done in %.1f s.%n", (System.nanoTime() - start) / 1e9);
      }
      return exit;
    } finally {
      Files.deleteIfExists(model);
      Files.deleteIfExists(dir);
    }
  }

  private void walk(
      SageMakerClient sm, SageMakerRuntimeClient runtime, CreatedResources created, String url) {
    String config1 = name + "-config-1";
    String config2 = name + "-config-2";
    timed(
        "CreateModel " + name + " (ModelDataUrl " + url + ")",
        () ->
            created.create(
                Kind.MODEL,
                name,
                () ->
                    sm.createModel(
                        r ->
                            r.modelName(name)
                                .primaryContainer(
                                    ContainerDefinition.builder().modelDataUrl(url).build()))));
    createConfig(sm, created, config1, 1);
    timed(
        "CreateEndpoint " + name + " (" + config1 + ")",
        () ->
            created.create(
                Kind.ENDPOINT,
                name,
                () -> sm.createEndpoint(r -> r.endpointName(name).endpointConfigName(config1))));
    timed("Wait until " + name + " is InService", () -> waitInService(sm));
    invoke(runtime);
    createConfig(sm, created, config2, 2);
    timed(
        "UpdateEndpoint " + name + " to " + config2,
        () -> sm.updateEndpoint(r -> r.endpointName(name).endpointConfigName(config2)));
    timed("Wait until " + name + " is InService again", () -> waitInService(sm));
    invoke(runtime);
  }

  private void createConfig(
      SageMakerClient sm, CreatedResources created, String config, int instances) {
    timed(
        "CreateEndpointConfig "
            + config
            + " (variant AllTraffic, "
            + instances
            + " x "
            + instanceType
            + ")",
        () ->
            created.create(
                Kind.ENDPOINT_CONFIG,
                config,
                () ->
                    sm.createEndpointConfig(
                        r ->
                            r.endpointConfigName(config)
                                .productionVariants(
                                    ProductionVariant.builder()
                                        .variantName("AllTraffic")
                                        .modelName(name)
                                        .instanceType(instanceType)
                                        .initialInstanceCount(instances)
                                        .build()))));
  }

  private void waitInService(SageMakerClient sm) {
    try {
      sm.waiter()
          .waitUntilEndpointInService(
              DescribeEndpointRequest.builder().endpointName(name).build(), polling());
    } catch (SdkException e) {
      // The waiter stops on Failed, or gives up: say why, from the endpoint itself.
      DescribeEndpointResponse d = sm.describeEndpoint(r -> r.endpointName(name));
      throw new DemoFailure(
          "endpoint "
              + name
              + " is "
              + d.endpointStatusAsString()
              + (d.failureReason() == null ? "" : ": " + d.failureReason()));
    }
  }

  private void invoke(SageMakerRuntimeClient runtime) {
    InvokeEndpointResponse[] answer = new InvokeEndpointResponse[1];
    timed(
        "InvokeEndpoint " + name + " " + REQUEST,
        () ->
            answer[0] =
                runtime.invokeEndpoint(
                    r ->
                        r.endpointName(name)
                            .contentType("application/json")
                            .accept("application/json")
                            .body(SdkBytes.fromUtf8String(REQUEST))));
    String body = answer[0].body().asUtf8String();
    out.println(
        "      prediction: " + body + " (variant " + answer[0].invokedProductionVariant() + ")");
    checkPrediction(body);
  }

  static void checkPrediction(String body) {
    JsonNode row;
    try {
      row = new ObjectMapper().readTree(body).at("/predictions/0");
    } catch (IOException e) {
      throw new DemoFailure("the prediction is not JSON: " + body);
    }
    boolean same = row.size() == EXPECTED.length;
    for (int i = 0; same && i < EXPECTED.length; i++) {
      same = row.get(i).isNumber() && Math.abs(row.get(i).doubleValue() - EXPECTED[i]) < 1e-4;
    }
    if (!same) {
      throw new DemoFailure("expected the prediction [[6.125,2.5,4.25]], got " + body);
    }
  }

  private void timed(String what, Runnable action) {
    if (stopped && Thread.currentThread() == walker) {
      throw new DemoFailure("stopped");
    }
    step++;
    out.printf(Locale.ROOT, "%2d. %s ...", step, what);
    out.flush();
    long t0 = System.nanoTime();
    try {
      action.run();
    } catch (RuntimeException e) {
      if (!stopped || Thread.currentThread() != walker) {
        out.println(" failed");
      }
      throw e;
    }
    if (stopped && Thread.currentThread() == walker) {
      throw new DemoFailure("stopped");
    }
    out.printf(Locale.ROOT, " %,d ms%n", (System.nanoTime() - t0) / 1_000_000);
  }

  private WaiterOverrideConfiguration polling() {
    // Poll often: the demo reports how long each step takes.
    Duration every = Duration.ofMillis(200);
    return WaiterOverrideConfiguration.builder()
        .backoffStrategy(FixedDelayBackoffStrategy.create(every))
        .maxAttempts((int) Math.max(1, Duration.ofSeconds(timeoutSeconds).dividedBy(every)))
        .build();
  }

  static Path writeExampleModel(Path dir) throws IOException {
    Path model = dir.resolve("model.tar.gz");
    try (InputStream in = DemoCommand.class.getResourceAsStream(MODEL_RESOURCE)) {
      if (in == null) {
        throw new IOException("berth.jar holds no " + MODEL_RESOURCE);
      }
      Files.copy(in, model);
    }
    return model;
  }

  private SageMakerClient sageMaker(String key, String secret) {
    return SageMakerClient.builder()
        .endpointOverride(URI.create(endpointUrl))
        .region(Region.of(region))
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  private SageMakerRuntimeClient runtime(String key, String secret) {
    return SageMakerRuntimeClient.builder()
        .endpointOverride(URI.create(endpointUrl))
        .region(Region.of(region))
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // Ctrl-C came during the last step: the hook runs, finds nothing left, and ends.
    }
  }

  private static String firstOf(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    throw new IllegalStateException("unreachable: the last value is a default");
  }

  /** The kinds of resource the demo creates, in the order they must be deleted. */
  enum Kind {
    ENDPOINT("endpoint"),
    ENDPOINT_CONFIG("endpoint configuration"),
    MODEL("model");

    final String word;

    Kind(String word) {
      this.word = word;
    }
  }

  /** A step's outcome that is not an SDK error: a failed endpoint, a wrong prediction. */
  static final class DemoFailure extends RuntimeException {
    DemoFailure(String message) {
      super(message);
    }
  }

  /**
   * What the demo created, so that it can be deleted whatever happens. Creating and deleting hold
   * one lock: Ctrl-C during a Create call deletes the resource once the call has answered, and
   * nothing is created after the deletion began.
   */
  final class CreatedResources {
    private final SageMakerClient sm;
    private final Deque<Object[]> created = new ArrayDeque<>();
    private boolean deleting;

    CreatedResources(SageMakerClient sm) {
      this.sm = sm;
    }

    synchronized void create(Kind kind, String resource, Supplier<?> call) {
      if (deleting) {
        throw new DemoFailure("stopped");
      }
      call.get();
      created.push(new Object[] {kind, resource});
    }

    synchronized String describe() {
      StringBuilder s = new StringBuilder();
      for (Object[] r : created) {
        s.append(s.length() == 0 ? "" : ", ").append(((Kind) r[0]).word).append(' ').append(r[1]);
      }
      return s.length() == 0 ? "nothing" : s.toString();
    }

    /** Deletes everything created, endpoint first; {@code why} is null after a complete walk. */
    synchronized void deleteAll(String why) {
      if (deleting) {
        return;
      }
      deleting = true;
      if (stopped) {
        out.println(); // after the step Ctrl-C broke off
      }
      if (why != null && !created.isEmpty()) {
        out.println("Cleaning up (" + why + "): " + describe());
      }
      for (Kind kind : Kind.values()) {
        for (Object[] r : created) {
          if (r[0] == kind) {
            delete(kind, (String) r[1]);
          }
        }
      }
      created.clear();
    }

    /**
     * Waits while the endpoint is Creating or Updating: SageMaker (and Berth) refuse DeleteEndpoint
     * on an endpoint in progress, as after Ctrl-C during a wait.
     */
    private void settle(String endpoint) {
      long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
      while (System.nanoTime() < deadline) {
        String status = sm.describeEndpoint(r -> r.endpointName(endpoint)).endpointStatusAsString();
        if (!IN_PROGRESS.contains(status)) {
          return;
        }
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    private void delete(Kind kind, String resource) {
      try {
        switch (kind) {
          case ENDPOINT ->
              timed(
                  "DeleteEndpoint " + resource + " and wait until it is gone",
                  () -> {
                    settle(resource);
                    sm.deleteEndpoint(r -> r.endpointName(resource));
                    sm.waiter()
                        .waitUntilEndpointDeleted(
                            DescribeEndpointRequest.builder().endpointName(resource).build(),
                            polling());
                  });
          case ENDPOINT_CONFIG ->
              timed(
                  "DeleteEndpointConfig " + resource,
                  () -> sm.deleteEndpointConfig(r -> r.endpointConfigName(resource)));
          case MODEL ->
              timed("DeleteModel " + resource, () -> sm.deleteModel(r -> r.modelName(resource)));
        }
      } catch (SdkException e) {
        System.err.println(
            "berth demo: could not delete " + kind.word + " " + resource + ": " + e.getMessage());
      }
    }
  }
}
