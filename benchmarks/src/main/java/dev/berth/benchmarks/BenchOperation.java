package dev.berth.benchmarks;

import java.util.Locale;

/** The control-plane operations the benchmark drives. */
public enum BenchOperation {
  /** DescribeEndpoint on endpoints made in setup, in turn: the read path. */
  DESCRIBE("DescribeEndpoint"),
  /** CreateEndpoint with a new name each time on one configuration: the write path. */
  CREATE("CreateEndpoint");

  private final String target;

  BenchOperation(String target) {
    this.target = target;
  }

  /** The SageMaker operation name, as in {@code X-Amz-Target: SageMaker.<name>}. */
  public String target() {
    return target;
  }

  static BenchOperation parse(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "describe", "describeendpoint" -> DESCRIBE;
      case "create", "createendpoint" -> CREATE;
      default ->
          throw new BenchOptions.UsageException("--operation is describe or create, got " + text);
    };
  }
}
