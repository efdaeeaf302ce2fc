import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.ContainerDefinition;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointRequest;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariant;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * The example walk with the AWS SDK for Java v2 against a running {@code berth up}. From the
 * repository root: {@code java -cp launcher/target/berth.jar examples/java/Example.java [url]}
 * (berth.jar holds the SDK's SageMaker clients); see examples/java/README.md.
 */
public class Example {
  public static void main(String[] args) {
    URI berth = URI.create(args.length > 0 ? args[0] : "http://127.0.0.1:8600");
    String name = System.getenv().getOrDefault("NAME", "java-example");
    var credentials =
        StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    SageMakerClient sm =
        SageMakerClient.builder()
            .endpointOverride(berth)
            .region(Region.US_EAST_1)
            .credentialsProvider(credentials)
            .httpClient(UrlConnectionHttpClient.create())
            .build();
    SageMakerRuntimeClient runtime =
        SageMakerRuntimeClient.builder()
            .endpointOverride(berth) // the same URL
            .region(Region.US_EAST_1)
            .credentialsProvider(credentials)
            .httpClient(UrlConnectionHttpClient.create())
            .build();
    // The waiters' default is a poll every 30 s; Berth is ready in seconds.
    WaiterOverrideConfiguration quick =
        WaiterOverrideConfiguration.builder()
            .backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofSeconds(1)))
            .maxAttempts(300)
            .build();
    DescribeEndpointRequest endpoint = DescribeEndpointRequest.builder().endpointName(name).build();

    String model = Path.of("examples/model/model.tar.gz").toAbsolutePath().toUri().toString();
    sm.createModel(
        r -> r.modelName(name)
            .executionRoleArn("arn:aws:iam::000000000000:role/berth")
            .primaryContainer(ContainerDefinition.builder().modelDataUrl(model).build()));
    createConfig(sm, name, name + "-config-1", 1);
    sm.createEndpoint(r -> r.endpointName(name).endpointConfigName(name + "-config-1"));
    sm.waiter().waitUntilEndpointInService(endpoint, quick);
    invoke(runtime, name); // {"predictions":[[6.125,2.5,4.25]]}

    createConfig(sm, name, name + "-config-2", 2);
    sm.updateEndpoint(r -> r.endpointName(name).endpointConfigName(name + "-config-2"));
    sm.waiter().waitUntilEndpointInService(endpoint, quick);
    invoke(runtime, name);

    sm.deleteEndpoint(r -> r.endpointName(name));
    sm.waiter().waitUntilEndpointDeleted(endpoint, quick);
    sm.deleteEndpointConfig(r -> r.endpointConfigName(name + "-config-1"));
    sm.deleteEndpointConfig(r -> r.endpointConfigName(name + "-config-2"));
    sm.deleteModel(r -> r.modelName(name));
    System.out.println("Done.");
  }

  static void createConfig(SageMakerClient sm, String model, String config, int instances) {
    sm.createEndpointConfig(
        r -> r.endpointConfigName(config)
            .productionVariants(
                ProductionVariant.builder()
                    .variantName("AllTraffic")
                    .modelName(model)
                    .instanceType("ml.m5.large")
                    .initialInstanceCount(instances)
                    .build()));
  }

  static void invoke(SageMakerRuntimeClient runtime, String name) {
    var answer =
        runtime.invokeEndpoint(
            r -> r.endpointName(name)
                .contentType("application/json")
                .body(SdkBytes.fromUtf8String("{\"instances\": [[1, 2, 3, 4]]}")));
    System.out.println(
        "prediction: " + answer.body().asUtf8String() + " from " + answer.invokedProductionVariant());
  }
}
