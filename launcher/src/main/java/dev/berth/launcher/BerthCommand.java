package dev.berth.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code berth} command: one jar, every role. Usage: {@code berth up}, {@code berth
 * control-plane --db-url …}, {@code berth data-plane --db-url …}, {@code berth runtime --model-dir
 * …}, {@code berth keys create --account …}, {@code berth quotas set …}, {@code berth demo}.
 */
@Command(
    name = "berth",
    mixinStandardHelpOptions = true,
    versionProvider = BerthCommand.Version.class,
    description = "Self-hosted model serving that speaks the Amazon SageMaker hosting API.",
    subcommands = {
      UpCommand.class,
      ControlPlaneCommand.class,
      DataPlaneCommand.class,
      KeysCommand.class,
      QuotasCommand.class,
      RuntimeCommand.class,
      DemoCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class BerthCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Entry point of {@code berth.jar}. */
  public static void main(String[] args) {
    Logging.configure();
    System.exit(commandLine().execute(args));
  }

  /**
   * The command line of {@code berth}. Picocli's {@code @file} argument files are off: {@code berth
   * bench --body @payload.json} names a payload, whose content must not become arguments.
   */
  static CommandLine commandLine() {
    return new CommandLine(new BerthCommand()).setExpandAtFiles(false);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** The version from the jar's manifest, or "development". */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = BerthCommand.class.getPackage().getImplementationVersion();
      return new String[] {"berth " + (v == null ? "development" : v)};
    }
  }
}
