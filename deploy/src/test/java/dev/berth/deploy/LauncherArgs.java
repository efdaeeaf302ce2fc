package dev.berth.deploy;

import dev.berth.launcher.BerthCommand;
import io.fabric8.kubernetes.api.model.Container;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * A container's arguments as the real {@code berth} command parses them (picocli, the launcher's
 * own command classes): an unknown role or option fails the parse, as it would fail the pod.
 *
 * <p>Usage: {@code LauncherArgs.of(container).option("--port")}.
 */
final class LauncherArgs {
  private final ParseResult role;

  private LauncherArgs(ParseResult role) {
    this.role = role;
  }

  /** Parses {@code args} (the image's entrypoint is {@code berth}, so they start with the role). */
  static LauncherArgs parse(List<String> args) {
    ParseResult top = new CommandLine(new BerthCommand()).parseArgs(args.toArray(String[]::new));
    if (top.subcommand() == null) {
      throw new AssertionError("no berth command in " + args);
    }
    return new LauncherArgs(top.subcommand());
  }

  static LauncherArgs of(Container container) {
    return parse(container.getArgs());
  }

  /** The command's name ({@code runtime} for its alias {@code serve} too). */
  String command() {
    return role.commandSpec().name();
  }

  /** The value given for {@code name}, as the command's type (Integer, String, Path), or null. */
  <T> T option(String name) {
    return role.matchedOptionValue(name, null);
  }

  /** Whether the command has the option at all. */
  boolean hasOption(String name) {
    return role.commandSpec().findOption(name) != null;
  }

  /**
   * Whether {@code variable} is one of the command's settings: {@code BERTH_<NAME>} for an option
   * {@code --<name>} (the launcher's layering, where the variable wins), or a variable its help
   * names (such as {@code BERTH_ADMIN_ACCESS_KEY_ID}, which has no flag).
   */
  boolean readsVariable(String variable) {
    if (!variable.startsWith("BERTH_")) {
      return false;
    }
    String option =
        "--" + variable.substring("BERTH_".length()).toLowerCase(Locale.ROOT).replace('_', '-');
    if (hasOption(option)) {
      return true;
    }
    return String.join(" ", role.commandSpec().usageMessage().description()).contains(variable);
  }
}
