package dev.berth.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The whole machine's busy CPU time, from Linux's {@code /proc/stat}, so that a run can say how
 * much CPU other processes took from it: on a shared machine that explains a slow run.
 */
final class MachineCpu {
  /** Linux counts {@code /proc/stat} in USER_HZ ticks, 100 a second on every common platform. */
  private static final long NANOS_PER_TICK = 10_000_000L;

  private MachineCpu() {}

  /**
   * The machine's cores, from {@code /proc/stat}: unlike {@link Runtime#availableProcessors()} it
   * does not shrink when a generator runs with {@code -XX:ActiveProcessorCount=1}.
   */
  static int cores() {
    try {
      long cores =
          Files.readAllLines(Path.of("/proc/stat")).stream()
              .filter(line -> line.matches("cpu[0-9]+ .*"))
              .count();
      if (cores > 0) {
        return (int) cores;
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux: the JVM's own count is the best there is.
    }
    return Runtime.getRuntime().availableProcessors();
  }

  /** Busy CPU time of all cores so far in nanoseconds, or -1 where there is no /proc/stat. */
  static long busyNanos() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
        if (line.startsWith("cpu ")) {
          String[] f = line.trim().split("\\s+");
          // user nice system idle iowait irq softirq steal ...: busy is all but idle and iowait.
          long busy = 0;
          for (int i = 1; i < f.length && i <= 8; i++) {
            if (i != 4 && i != 5) {
              busy += Long.parseLong(f[i]);
            }
          }
          return busy * NANOS_PER_TICK;
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux, or a /proc we cannot read: the column stays empty.
    }
    return -1;
  }
}
