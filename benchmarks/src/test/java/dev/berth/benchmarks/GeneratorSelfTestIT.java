package dev.berth.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The generator against the cheapest server there is, in this process: it must run without errors
 * and report its own cost. The rate is printed, not asserted: it depends on the machine and on
 * whatever else runs on it (see benchmarks/README.md, "berth bench", for measured numbers).
 */
class GeneratorSelfTestIT {
  @Test
  void theGeneratorDrivesATrivialServerAndReportsItsOwnCost() {
    BenchResult result =
        GeneratorSelfTest.run(64, 64, 1, Duration.ofSeconds(2), Duration.ofSeconds(3), line -> {});

    LoadResult r = result.runs().get(0).summary();
    System.out.printf(
        "self-test: %.0f requests/s, generator %.1f µs CPU per request (event loop), %.2f cores"
            + " (process, echo server included)%n",
        r.okPerSecond(), result.runs().get(0).generatorCpuMicrosPerRequest(), r.generatorCores());
    assertThat(r.errors()).isZero();
    assertThat(r.okPerSecond()).isGreaterThan(1000);
    assertThat(result.runs().get(0).generatorCpuMicrosPerRequest()).isPositive();
  }
}
