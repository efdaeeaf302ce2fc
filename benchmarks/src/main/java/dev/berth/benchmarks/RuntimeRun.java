package dev.berth.benchmarks;

/**
 * One run of {@link RuntimeBench}: the generator's {@link LoadResult} plus what only a model
 * benchmark knows — how many inferences each request carried, what the server's batcher made of
 * them, and the server's CPU.
 *
 * @param key the run's identity, which {@link RuntimeTargets} looks runs up by, e.g. {@code
 *     mlp-batched-peak}
 * @param model {@code MLP} or {@code ResNet-18}
 * @param path {@code raw engine}, {@code Berth batched} or {@code Berth naive}
 * @param rowsPerRequest inferences (batch rows) per request: 1 over HTTP, the batch in the raw
 *     engine
 * @param inferencesPerSecond successful requests per second times {@code rowsPerRequest}
 * @param meanBatchSize the mean forward-pass batch the server's batcher ran during the run, warmup
 *     included; null for the raw engine
 * @param meanForwardMillis the server's mean forward pass (the batcher's {@code
 *     berth_runtime_inference_seconds}, stacking and splitting included) during the run, warmup
 *     included; null for the raw engine
 * @param serverCores the server JVM's CPU over the run, warmup included, in cores; null for the raw
 *     engine (its CPU is in the generator's)
 * @param otherCores CPU taken by every other process on the machine over the run (warmup included),
 *     in cores: neither the server nor the benchmark's JVM; null where unknown. Above about 0.1 the
 *     run competed with something else for the cores
 * @param result the generator's result: latencies, counts, the generator's own CPU
 */
public record RuntimeRun(
    String key,
    String model,
    String path,
    int rowsPerRequest,
    double inferencesPerSecond,
    Double meanBatchSize,
    Double meanForwardMillis,
    Double serverCores,
    Double otherCores,
    LoadResult result) {

  /** A run whose throughput in inferences is its rate of successful requests times its rows. */
  static RuntimeRun of(
      String key,
      String model,
      String path,
      int rowsPerRequest,
      Double meanBatchSize,
      Double meanForwardMillis,
      Double serverCores,
      Double otherCores,
      LoadResult result) {
    return new RuntimeRun(
        key,
        model,
        path,
        rowsPerRequest,
        result.okPerSecond() * rowsPerRequest,
        meanBatchSize,
        meanForwardMillis,
        serverCores,
        otherCores,
        result);
  }
}
