package dev.berth.benchmarks;

/**
 * One run of {@link DataPlaneBench}: the generator's {@link LoadResult} plus what the proxy added
 * and what it cost.
 *
 * @param key the run's identity, which {@link DataPlaneTargets} looks runs up by: {@code
 *     <target>-peak} or {@code <target>-open}, target {@code direct}, {@code berth} or {@code
 *     nginx}
 * @param target {@code direct}, {@code Berth} or {@code nginx}
 * @param addedP50Millis the open loop's p50 less the direct run's at the same rate; null for the
 *     direct and closed-loop runs
 * @param addedP99Millis the same for p99
 * @param proxyCores the proxy's CPU over the run (data-plane JVM, or nginx's master and workers),
 *     warmup included, in cores; null for the direct runs
 * @param backendCores the echo backend's CPU over the run, in cores
 * @param otherCores CPU taken by every process the benchmark did not start, over the run, in cores;
 *     null where unknown. Above about 0.1 the run competed with something else for the cores
 * @param requestsSent requests sent over the whole run, warmup included: the denominator of the
 *     allocation figures
 * @param dataPlane what the data-plane JVM counted over the run; null but for Berth's runs
 * @param result the generator's result: latencies from the intended send time, counts, its CPU
 */
public record DataPlaneRun(
    String key,
    String target,
    Double addedP50Millis,
    Double addedP99Millis,
    Double proxyCores,
    Double backendCores,
    Double otherCores,
    long requestsSent,
    DataPlaneCost dataPlane,
    LoadResult result) {

  /**
   * What Berth's runs cost the data-plane JVM, from its {@link DataPlaneServerStats}.
   *
   * @param eventLoopCores CPU of the data plane's event loops, in cores
   * @param eventLoopBytesPerRequest bytes allocated by the event loops per request sent
   * @param jvmBytesPerRequest bytes allocated by every thread of the JVM per request sent
   * @param gcCount collections during the run
   * @param gcMillis time in collections during the run
   * @param gcMaxPauseMillis the longest collection during the run
   * @param gcShare the share of the run's requests a collection could have delayed: (time in
   *     collections + collections × the run's p50) ÷ the run's length
   */
  public record DataPlaneCost(
      double eventLoopCores,
      double eventLoopBytesPerRequest,
      double jvmBytesPerRequest,
      long gcCount,
      long gcMillis,
      long gcMaxPauseMillis,
      double gcShare) {

    /** The cost of a run of {@code wallNanos} that sent {@code requests}, from its stats. */
    static DataPlaneCost of(
        DataPlaneServerStats delta, long requests, long wallNanos, double p50Millis) {
      double perRequest = Math.max(1, requests);
      double wallMillis = wallNanos / 1e6;
      return new DataPlaneCost(
          delta.eventLoopCpuNanos() / (double) wallNanos,
          delta.eventLoopAllocatedBytes() / perRequest,
          delta.allocatedBytes() / perRequest,
          delta.gcCount(),
          delta.gcMillis(),
          delta.gcMaxPauseMillis(),
          (delta.gcMillis() + delta.gcCount() * p50Millis) / wallMillis);
    }
  }
}
