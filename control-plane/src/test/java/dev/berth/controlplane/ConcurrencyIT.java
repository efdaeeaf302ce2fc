package dev.berth.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;

/** The database invariants under racing requests. */
class ConcurrencyIT {
  private final ControlPlaneFixture.Account account = ControlPlaneFixture.newAccount();
  private final SageMakerClient sm = account.client();
  private final ExecutorService pool = Executors.newFixedThreadPool(20);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void twentyConcurrentCreatesOfOneNameInDifferentCasesLetExactlyOneThrough() throws Exception {
    Fixtures.model(sm, "race-m");
    Fixtures.config(sm, "race-c", "race-m", 1);
    List<String> outcomes =
        race(
            20,
            i -> {
              String name = caseVariant("race-endpoint", i);
              try {
                sm.createEndpoint(r -> r.endpointName(name).endpointConfigName("race-c"));
                return "created";
              } catch (SageMakerException e) {
                return e.awsErrorDetails().errorMessage();
              }
            });
    assertThat(outcomes).filteredOn("created"::equals).hasSize(1);
    assertThat(outcomes)
        .filteredOn(o -> !o.equals("created"))
        .hasSize(19)
        .allMatch(
            o ->
                o.equals(
                    "Cannot create already existing endpoint \""
                        + account.arnPrefix()
                        + "endpoint/race-endpoint\"."));
    assertThat(sm.listEndpoints(r -> r.nameContains("race-endpoint")).endpoints()).hasSize(1);
  }

  @Test
  void deletingAConfigurationWhileEndpointsAreCreatedOnItNeverLeavesAnEndpointWithoutIt()
      throws Exception {
    for (int round = 0; round < 5; round++) {
      String cfg = "contested-" + round;
      Fixtures.model(sm, cfg + "-m");
      Fixtures.config(sm, cfg, cfg + "-m", 1);
      int r = round;
      List<String> outcomes =
          race(
              2,
              i -> {
                try {
                  if (i == 0) {
                    sm.deleteEndpointConfig(x -> x.endpointConfigName(cfg));
                    return "deleted";
                  }
                  sm.createEndpoint(x -> x.endpointName("contender-" + r).endpointConfigName(cfg));
                  return "created";
                } catch (SageMakerException e) {
                  return e.awsErrorDetails().errorCode();
                }
              });
      boolean created = outcomes.contains("created");
      boolean deleted = outcomes.contains("deleted");
      assertThat(created ^ deleted).as("exactly one of %s wins", outcomes).isTrue();
      if (created) {
        assertThat(sm.describeEndpointConfig(x -> x.endpointConfigName(cfg)).endpointConfigName())
            .isEqualTo(cfg);
        assertThat(outcomes).contains("ResourceInUse");
      } else {
        assertThat(outcomes).contains("ValidationException");
      }
    }
  }

  @Test
  void concurrentCreatesNeverPassTheEndpointQuota() throws Exception {
    ControlPlaneFixture.admin().setQuota(account.id(), "us-east-1", "endpoints", 4);
    Fixtures.model(sm, "quota-m");
    Fixtures.config(sm, "quota-c", "quota-m", 1);
    List<String> outcomes =
        race(
            12,
            i -> {
              try {
                sm.createEndpoint(r -> r.endpointName("quota-" + i).endpointConfigName("quota-c"));
                return "created";
              } catch (SageMakerException e) {
                return e.awsErrorDetails().errorCode();
              }
            });
    assertThat(outcomes).filteredOn("created"::equals).hasSize(4);
    assertThat(outcomes).filteredOn("ResourceLimitExceeded"::equals).hasSize(8);
  }

  @Test
  void concurrentCreatesNeverPassTheInstanceTypeQuota() throws Exception {
    ControlPlaneFixture.admin().setQuota(account.id(), "us-east-1", "instance-type:ml.m5.large", 5);
    Fixtures.model(sm, "inst-m");
    Fixtures.config(sm, "inst-c", "inst-m", 2);
    List<String> outcomes =
        race(
            8,
            i -> {
              try {
                sm.createEndpoint(r -> r.endpointName("inst-" + i).endpointConfigName("inst-c"));
                return "created";
              } catch (SageMakerException e) {
                return e.awsErrorDetails().errorCode();
              }
            });
    assertThat(outcomes).filteredOn("created"::equals).hasSize(2);
  }

  private interface Attempt {
    String run(int i) throws Exception;
  }

  private List<String> race(int n, Attempt attempt) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<String>> futures = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int index = i;
      Callable<String> task =
          () -> {
            start.await();
            return attempt.run(index);
          };
      futures.add(pool.submit(task));
    }
    start.countDown();
    List<String> outcomes = new ArrayList<>();
    for (Future<String> f : futures) {
      outcomes.add(f.get());
    }
    return outcomes;
  }

  private static String caseVariant(String name, int seed) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      out.append(((seed >> (i % 5)) & 1) == 1 ? Character.toUpperCase(c) : c);
    }
    return out.toString();
  }
}
