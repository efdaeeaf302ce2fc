package dev.berth.benchmarks;

import java.lang.management.ManagementFactory;

/** This process's CPU time, to report how much of the shared machine the generator took. */
final class ProcessCpu {
  private ProcessCpu() {}

  /** CPU time of this process so far in nanoseconds, or 0 where the JVM does not say. */
  static long nanos() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? Math.max(0, os.getProcessCpuTime())
        : 0;
  }
}
