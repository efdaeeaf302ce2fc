package dev.berth.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --flag value} pairs of a benchmark's command line, read with clear usage errors. Shared by
 * the control-plane and runtime benchmarks (no picocli in this module).
 */
final class CommandLineFlags {
  private final Map<String, String> given;

  private CommandLineFlags(Map<String, String> given) {
    this.given = given;
  }

  /**
   * Reads {@code args} against the known flags.
   *
   * @throws BenchOptions.UsageException for an unknown flag or a flag without a value
   */
  static CommandLineFlags parse(String[] args, Set<String> known) {
    Map<String, String> given = new HashMap<>();
    List<String> unknown = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (!known.contains(args[i])) {
        unknown.add(args[i]);
        continue;
      }
      if (i + 1 >= args.length) {
        throw new BenchOptions.UsageException(args[i] + " needs a value");
      }
      given.put(args[i], args[++i]);
    }
    if (!unknown.isEmpty()) {
      throw new BenchOptions.UsageException("unknown argument(s): " + String.join(" ", unknown));
    }
    return new CommandLineFlags(given);
  }

  String text(String flag, String fallback) {
    return given.getOrDefault(flag, fallback);
  }

  Path path(String flag) {
    return given.containsKey(flag) ? Path.of(given.get(flag)) : null;
  }

  Duration seconds(String flag, double fallback) {
    return Duration.ofMillis(Math.round(number(flag, fallback) * 1000));
  }

  int whole(String flag, int fallback) {
    String text = given.get(flag);
    if (text == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new BenchOptions.UsageException(flag + " wants a whole number, got " + text);
    }
  }

  double number(String flag, double fallback) {
    String text = given.get(flag);
    if (text == null) {
      return fallback;
    }
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new BenchOptions.UsageException(flag + " wants a number, got " + text);
    }
  }
}
