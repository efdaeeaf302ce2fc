package dev.berth.controlplane.orchestrator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * One fleet: the instances of one production variant of one endpoint under one endpoint
 * configuration. During a blue/green update an endpoint has two fleets per variant (the live
 * configuration's and the pending one's); otherwise one.
 *
 * <p>The identity is derived from database ids only, so every replica of the control plane and
 * every restart computes the same {@link #name()} for the same fleet: creating it twice finds it
 * already there instead of making a duplicate.
 *
 * @param endpointId {@code endpoints.id}
 * @param configId {@code endpoint_configs.id} of the configuration the fleet runs
 * @param variantName the production variant's name, as in the configuration (case kept)
 */
public record FleetId(long endpointId, long configId, String variantName) {
  public FleetId {
    Objects.requireNonNull(variantName, "variantName");
  }

  /**
   * A DNS-1123 label (lower case, at most 63 characters) naming the fleet everywhere: Deployments,
   * process directories, logs. {@code berth-e<endpoint>-c<config>-<variant>-<hash>}; the hash of
   * the exact variant name keeps two variants that differ only in case or in characters a label
   * cannot hold apart.
   */
  public String name() {
    String slug = variantName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    slug = slug.replaceAll("^-+|-+$", "");
    String prefix = "berth-e" + endpointId + "-c" + configId + "-";
    String hash = hash8(variantName);
    int room = 63 - prefix.length() - hash.length() - 1;
    if (slug.length() > room) {
      slug = slug.substring(0, Math.max(0, room)).replaceAll("-+$", "");
    }
    return slug.isEmpty() ? prefix + hash : prefix + slug + "-" + hash;
  }

  private static String hash8(String s) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
