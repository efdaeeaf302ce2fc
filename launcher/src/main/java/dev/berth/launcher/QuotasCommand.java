package dev.berth.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.controlplane.admin.AdminClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth quotas}: per-account, per-region quotas. */
@Command(
    name = "quotas",
    mixinStandardHelpOptions = true,
    description = "Shows and changes quotas on a running Berth server.",
    subcommands = {QuotasCommand.Set.class, QuotasCommand.List.class})
final class QuotasCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** {@code berth quotas set --account <id> --region <r> <quota>=<n>}. */
  @Command(
      name = "set",
      mixinStandardHelpOptions = true,
      description = {
        "Sets a quota. Quotas: endpoints, endpoint-configs, models, instances-per-endpoint,",
        "instances, instance-type:<type> (e.g. instance-type:ml.g5.xlarge), or a full quota name."
      })
  static final class Set implements Callable<Integer> {
    @Option(names = "--account", required = true, description = "12-digit account id.")
    String account;

    @Option(names = "--region", description = "Region (default: the signing region).")
    String region;

    @Parameters(paramLabel = "<quota>=<n>", description = "The quota and its new value.")
    String assignment;

    @Mixin AdminOptions server;

    @Override
    public Integer call() {
      int eq = assignment.lastIndexOf('=');
      long value;
      try {
        if (eq <= 0) {
          throw new NumberFormatException();
        }
        value = Long.parseLong(assignment.substring(eq + 1).trim());
      } catch (NumberFormatException e) {
        System.err.println("berth quotas set: expected <quota>=<n>, got '" + assignment + "'");
        return 2;
      }
      try {
        JsonNode q =
            server.client().setQuota(account, region, assignment.substring(0, eq).trim(), value);
        System.out.println(
            q.get("QuotaName").asText()
                + " = "
                + q.get("Value").asLong()
                + " "
                + q.get("Unit").asText()
                + " (account "
                + q.get("Account").asText()
                + ", "
                + q.get("Region").asText()
                + ")");
        return 0;
      } catch (AdminClient.AdminException e) {
        System.err.println("berth quotas set: " + e.getMessage());
        return 1;
      }
    }
  }

  /** {@code berth quotas list --account <id> [--region <r>]}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists an account's quotas: used of limit.")
  static final class List implements Callable<Integer> {
    @Option(names = "--account", required = true, description = "12-digit account id.")
    String account;

    @Option(names = "--region", description = "Region (default: the signing region).")
    String region;

    @Mixin AdminOptions server;

    @Override
    public Integer call() {
      try {
        for (JsonNode q : server.client().listQuotas(account, region).get("Quotas")) {
          System.out.printf(
              "%-45s %6d of %6d %-24s (%s)%n",
              q.get("QuotaName").asText(),
              q.get("Used").asLong(),
              q.get("Value").asLong(),
              q.get("Unit").asText(),
              q.get("QuotaKey").asText());
        }
        return 0;
      } catch (AdminClient.AdminException e) {
        System.err.println("berth quotas list: " + e.getMessage());
        return 1;
      }
    }
  }
}
