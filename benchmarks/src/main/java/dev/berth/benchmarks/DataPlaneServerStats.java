package dev.berth.benchmarks;

/**
 * Counters of the data-plane benchmark's server JVM, read over its stats port before and after each
 * run: the difference is what that run cost the data plane. Allocation and CPU are the data plane's
 * event loops' own ({@code berth-dp*} threads), where every request is handled; the GC counters are
 * the whole JVM's.
 *
 * @param eventLoopAllocatedBytes bytes allocated so far by the data plane's event-loop threads
 * @param eventLoopCpuNanos CPU time so far of those threads
 * @param allocatedBytes bytes allocated so far by every live thread of the JVM
 * @param gcCount collections so far, all collectors
 * @param gcMillis time in collections so far, all collectors (G1: the young and mixed pauses and
 *     full collections)
 * @param gcMaxPauseMillis the longest collection since the previous read (reset by each read)
 */
public record DataPlaneServerStats(
    long eventLoopAllocatedBytes,
    long eventLoopCpuNanos,
    long allocatedBytes,
    long gcCount,
    long gcMillis,
    long gcMaxPauseMillis) {

  /** What happened between {@code earlier} and these counters; the max pause is this read's. */
  DataPlaneServerStats since(DataPlaneServerStats earlier) {
    return new DataPlaneServerStats(
        eventLoopAllocatedBytes - earlier.eventLoopAllocatedBytes,
        eventLoopCpuNanos - earlier.eventLoopCpuNanos,
        allocatedBytes - earlier.allocatedBytes,
        gcCount - earlier.gcCount,
        gcMillis - earlier.gcMillis,
        gcMaxPauseMillis);
  }
}
