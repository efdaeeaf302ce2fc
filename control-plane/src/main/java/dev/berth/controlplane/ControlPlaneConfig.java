package dev.berth.controlplane;

import dev.berth.controlplane.persistence.DatabaseConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the control plane process is configured with, in one typed place (STYLE §14). The
 * launcher layers defaults, flags and {@code BERTH_*} variables into it; nothing reads globals.
 *
 * @param bindHost the address to listen on
 * @param port the port, or 0 for a free one
 * @param database where PostgreSQL is
 * @param bootstrapKey an admin key to make sure exists at start (loopback {@code test}/{@code
 *     test}, or the operator's from a secret); empty for none
 * @param regions the regions served; empty serves any well-formed region name
 * @param clockSkew how far a request's signing time may be from ours
 * @param instanceTypes the instance-type catalog; empty takes every type SageMaker knows
 * @param eventLoops how many event loops (and HTTP server instances) to run
 * @param quotaDefaults quota defaults for every account and region, by short key ({@code
 *     endpoints}, {@code instance-type:*} …), written to the database at start; empty keeps what
 *     the database has (see {@code persistence/QuotaDefaults})
 */
public record ControlPlaneConfig(
    String bindHost,
    int port,
    DatabaseConfig database,
    Optional<BootstrapKey> bootstrapKey,
    Set<String> regions,
    Duration clockSkew,
    List<String> instanceTypes,
    int eventLoops,
    Map<String, Long> quotaDefaults) {

  /** The SigV4 clock window, spec §9.4. */
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofMinutes(5);

  public ControlPlaneConfig {
    Objects.requireNonNull(bindHost, "bindHost");
    Objects.requireNonNull(database, "database");
    bootstrapKey = bootstrapKey == null ? Optional.empty() : bootstrapKey;
    regions = regions == null ? Set.of() : Set.copyOf(regions);
    clockSkew = clockSkew == null ? DEFAULT_CLOCK_SKEW : clockSkew;
    instanceTypes = instanceTypes == null ? List.of() : List.copyOf(instanceTypes);
    if (eventLoops < 1) {
      eventLoops = Math.max(1, Runtime.getRuntime().availableProcessors());
    }
    quotaDefaults = quotaDefaults == null ? Map.of() : Map.copyOf(quotaDefaults);
  }

  /** A configuration without quota defaults of its own. */
  public ControlPlaneConfig(
      String bindHost,
      int port,
      DatabaseConfig database,
      Optional<BootstrapKey> bootstrapKey,
      Set<String> regions,
      Duration clockSkew,
      List<String> instanceTypes,
      int eventLoops) {
    this(
        bindHost,
        port,
        database,
        bootstrapKey,
        regions,
        clockSkew,
        instanceTypes,
        eventLoops,
        Map.of());
  }

  /** Defaults for everything but where to listen and the database. */
  public static ControlPlaneConfig of(String bindHost, int port, DatabaseConfig database) {
    return new ControlPlaneConfig(
        bindHost, port, database, Optional.empty(), Set.of(), DEFAULT_CLOCK_SKEW, List.of(), 0);
  }

  /** A copy that makes sure {@code key} exists at start. */
  public ControlPlaneConfig withBootstrapKey(BootstrapKey key) {
    return new ControlPlaneConfig(
        bindHost,
        port,
        database,
        Optional.of(key),
        regions,
        clockSkew,
        instanceTypes,
        eventLoops,
        quotaDefaults);
  }

  /** A copy that writes {@code defaults} to the database's quota defaults at start. */
  public ControlPlaneConfig withQuotaDefaults(Map<String, Long> defaults) {
    return new ControlPlaneConfig(
        bindHost,
        port,
        database,
        bootstrapKey,
        regions,
        clockSkew,
        instanceTypes,
        eventLoops,
        defaults);
  }

  /**
   * An admin access key created at start if missing.
   *
   * @param account the account it belongs to
   * @param accessKeyId the key id
   * @param secretAccessKey the secret
   */
  public record BootstrapKey(String account, String accessKeyId, String secretAccessKey) {
    /**
     * The loopback development key of DESIGN.md: account 000000000000, {@code test}/{@code test}.
     */
    public static final BootstrapKey LOOPBACK = new BootstrapKey("000000000000", "test", "test");
  }
}
