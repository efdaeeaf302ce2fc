package dev.berth.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * CPUs a benchmark process is pinned to, in {@code taskset}'s list form ({@code 0-3,6}). On a
 * machine with cores to spare, pinning the generator, the server under test and its backend to
 * cores of their own measures the server instead of the fight for cores between them; on the 2-vCPU
 * machines this project is built on, the three share both cores.
 *
 * <p>Usage: {@code List<String> command = CpuSet.pinned(CpuSet.parse("--proxy-cpus", "2-3"),
 * javaCommand);}
 *
 * @param list the CPUs as {@code taskset -c} reads them
 * @param count how many CPUs the list names
 */
record CpuSet(String list, int count) {
  private static final Pattern LIST = Pattern.compile("\\d+(-\\d+)?(,\\d+(-\\d+)?)*");

  /**
   * The set {@code text} names, or null for an empty text (not pinned).
   *
   * @throws BenchOptions.UsageException for anything but a list of CPUs and ranges
   */
  static CpuSet parse(String flag, String text) {
    String trimmed = text == null ? "" : text.trim();
    if (trimmed.isEmpty()) {
      return null;
    }
    if (!LIST.matcher(trimmed).matches()) {
      throw new BenchOptions.UsageException(
          flag + " wants CPUs as taskset -c reads them (e.g. 0-3,6), got " + trimmed);
    }
    int count = 0;
    for (String part : trimmed.split(",")) {
      String[] range = part.split("-");
      int first;
      int last;
      try {
        first = Integer.parseInt(range[0]);
        last = range.length == 2 ? Integer.parseInt(range[1]) : first;
      } catch (NumberFormatException e) {
        throw new BenchOptions.UsageException(flag + ": no machine has a CPU " + part);
      }
      if (last < first) {
        throw new BenchOptions.UsageException(flag + ": the range " + part + " runs backwards");
      }
      count += last - first + 1;
    }
    return new CpuSet(trimmed, count);
  }

  /**
   * {@code command} run on {@code cpus} through {@code taskset}; as it is when {@code cpus} is
   * null.
   */
  static List<String> pinned(CpuSet cpus, List<String> command) {
    if (cpus == null) {
      return command;
    }
    List<String> pinned = new ArrayList<>(command.size() + 3);
    pinned.add("taskset");
    pinned.add("-c");
    pinned.add(cpus.list());
    pinned.addAll(command);
    return pinned;
  }

  /**
   * The CPUs this process was pinned to, or null when it may run on every core of the machine (or
   * Linux does not say).
   */
  static String pinnedThisProcess() {
    String allowed = ofThisProcess();
    if (allowed == null) {
      return null;
    }
    try {
      return parse("Cpus_allowed_list", allowed).count() < MachineCpu.cores() ? allowed : null;
    } catch (BenchOptions.UsageException e) {
      return null;
    }
  }

  /**
   * The CPUs this process may run on ({@code Cpus_allowed_list}), or null where Linux does not say.
   */
  static String ofThisProcess() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Cpus_allowed_list:")) {
          return line.substring("Cpus_allowed_list:".length()).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux: nothing to say.
    }
    return null;
  }
}
