package dev.berth.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.controlplane.admin.AdminClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code berth keys}: access keys of accounts. */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "Manages access keys on a running Berth server.",
    subcommands = {KeysCommand.Create.class})
final class KeysCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** {@code berth keys create --account <id> [--actions …] [--admin]}. */
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Creates an access key for an account (and the account, if new) and prints it as JSON:",
        "{\"AccessKeyId\": …, \"SecretAccessKey\": …, \"Account\": …}."
      })
  static final class Create implements Callable<Integer> {
    @Option(names = "--account", required = true, description = "12-digit account id.")
    String account;

    @Option(
        names = "--actions",
        split = ",",
        description =
            "Allow-list of actions, e.g. sagemaker:InvokeEndpoint,sagemaker:Describe* (default:"
                + " every action).")
    List<String> actions = new ArrayList<>();

    @Option(names = "--admin", description = "Also allow Berth's administration operations.")
    boolean admin;

    @Mixin AdminOptions server;

    @Override
    public Integer call() throws Exception {
      try {
        var key = server.client().createAccessKey(account, actions, admin);
        System.out.println(
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(key));
        return 0;
      } catch (AdminClient.AdminException e) {
        System.err.println("berth keys create: " + e.getMessage());
        return 1;
      }
    }
  }
}
