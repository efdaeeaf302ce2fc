package dev.berth.launcher;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code berth control-plane}: the SageMaker API role alone, for a cluster. */
@Command(
    name = "control-plane",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the control plane (the SageMaker API and the reconciler that runs endpoints), for a cluster: point it at a shared PostgreSQL with --db-url. Several replicas may share one database: with --orchestrator kubernetes they share the reconciling, with local (the default) one runs the endpoints and the others stand by. There is no default key: set BERTH_ADMIN_ACCESS_KEY_ID and BERTH_ADMIN_SECRET_ACCESS_KEY (and optionally BERTH_ADMIN_ACCOUNT, default 000000000000) to provision an admin key at start, then create user keys with 'berth keys create'."
    })
final class ControlPlaneCommand implements Callable<Integer> {
  @Mixin ServerOptions options;

  @Override
  public Integer call() {
    ControlPlaneRole role =
        ControlPlaneRole.start(options, Settings.load(options.config), ControlPlaneRole.Mode.ALONE);
    System.out.println(
        "Berth control plane listening on "
            + UpCommand.hostForUrl(role.resolved().bind())
            + ":"
            + role.port());
    return ServerLifetime.runUntilStopped(role);
  }
}
