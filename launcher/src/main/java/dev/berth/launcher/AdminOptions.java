package dev.berth.launcher;

import dev.berth.controlplane.admin.AdminClient;
import java.net.URI;
import picocli.CommandLine.Option;

/**
 * How the administration commands reach a running server and sign their calls: an admin key (the
 * loopback {@code test}/{@code test} key is one) given by flag or by the usual AWS variables.
 */
final class AdminOptions {
  @Option(
      names = "--server",
      description = "The Berth server (default http://127.0.0.1:8600, env BERTH_SERVER).")
  String server;

  @Option(
      names = "--access-key",
      description = "Admin access key id (default $AWS_ACCESS_KEY_ID, else test).")
  String accessKey;

  @Option(
      names = "--secret-key",
      description = "Admin secret (default $AWS_SECRET_ACCESS_KEY, else test).")
  String secretKey;

  @Option(
      names = "--signing-region",
      description = "Region to sign with (default $AWS_REGION, else us-east-1).")
  String signingRegion;

  AdminClient client() {
    Settings settings = Settings.load(null);
    String url =
        settings.get("server", server, "http://127.0.0.1:" + ControlPlaneRole.DEFAULT_PORT);
    return new AdminClient(
        URI.create(url),
        firstOf(signingRegion, System.getenv("AWS_REGION"), "us-east-1"),
        firstOf(accessKey, System.getenv("AWS_ACCESS_KEY_ID"), "test"),
        firstOf(secretKey, System.getenv("AWS_SECRET_ACCESS_KEY"), "test"));
  }

  private static String firstOf(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    throw new IllegalStateException("unreachable: the last value is a default");
  }
}
