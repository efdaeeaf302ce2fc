package dev.berth.dataplane;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the data plane is told, in one typed place: where it listens, where the route table
 * lives, and the limits that keep one slow client or one dead instance from hurting the rest.
 *
 * <pre>{@code
 * DataPlaneConfig config =
 *     DataPlaneConfig.builder(new DataPlaneConfig.Database(url, user, password))
 *         .port(8081)
 *         .build();
 * }</pre>
 *
 * @param bindHost the address to listen on
 * @param port the invocation port; 0 picks a free one
 * @param adminPort the port of {@code /metrics} and {@code /health}; 0 picks a free one, -1 none
 * @param database the PostgreSQL the route table and the access keys are read from
 * @param invocationTimeout how long an instance may take to answer (SageMaker: 60 s); for a stream,
 *     how long it may stay silent between two parts
 * @param connectTimeout how long opening a connection to an instance may take
 * @param maxConnections client connections held at once; more are closed at once and counted
 * @param maxHeaderBytes the largest request header block accepted (431 above it)
 * @param idleTimeout a client connection with no request in flight is closed after this long
 * @param requestReadTimeout a request's body must arrive within this long of its head (408)
 * @param maxInFlightPerInstance requests one instance is given at once; beyond that on every
 *     instance of a variant, requests are refused with 503 {@code ServiceUnavailable} at once
 * @param resyncInterval the route table and keys are reread this often, notifications or not
 * @param drainTimeout on shutdown, how long requests in flight are given to finish
 * @param regions the regions served; empty serves any well-formed region
 * @param clockSkew the allowed distance between a request's signing time and ours
 * @param eventLoopThreads event loop threads; 0 means one per core
 * @param passThrough {@code host:port} of a server that gets every request that is not a runtime
 *     operation, relayed as it is (with {@code berth up}: the control plane, so that one port
 *     serves both APIs); null refuses them with {@code UnknownOperationException}
 */
public record DataPlaneConfig(
    String bindHost,
    int port,
    int adminPort,
    Database database,
    Duration invocationTimeout,
    Duration connectTimeout,
    int maxConnections,
    int maxHeaderBytes,
    Duration idleTimeout,
    Duration requestReadTimeout,
    int maxInFlightPerInstance,
    Duration resyncInterval,
    Duration drainTimeout,
    Set<String> regions,
    Duration clockSkew,
    int eventLoopThreads,
    String passThrough) {

  /** SageMaker's limit on an InvokeEndpoint body (spec §1.3, §9.6). */
  public static final int MAX_PAYLOAD_BYTES = 6_291_456;

  public DataPlaneConfig {
    Objects.requireNonNull(bindHost, "bindHost");
    Objects.requireNonNull(database, "database");
    regions = Set.copyOf(regions);
    requirePositive(invocationTimeout, "invocationTimeout");
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(idleTimeout, "idleTimeout");
    requirePositive(requestReadTimeout, "requestReadTimeout");
    requirePositive(resyncInterval, "resyncInterval");
    Objects.requireNonNull(drainTimeout, "drainTimeout");
    Objects.requireNonNull(clockSkew, "clockSkew");
    if (maxConnections < 1 || maxHeaderBytes < 1024 || maxInFlightPerInstance < 1) {
      throw new IllegalArgumentException(
          "maxConnections and maxInFlightPerInstance must be positive, maxHeaderBytes >= 1024");
    }
  }

  private static void requirePositive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
  }

  /**
   * How the data plane reaches PostgreSQL: over JDBC, on threads of its own.
   *
   * @param jdbcUrl e.g. {@code jdbc:postgresql://db:5432/berth}
   * @param user the user
   * @param password the password
   */
  public record Database(String jdbcUrl, String user, String password) {
    public Database {
      Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    }

    @Override
    public String toString() {
      return "Database[" + jdbcUrl + ", user=" + user + "]";
    }
  }

  /** The defaults, reading routes and keys from {@code database}. */
  public static Builder builder(Database database) {
    return new Builder(database);
  }

  /** Builds a {@link DataPlaneConfig}; every setting has the default documented on the record. */
  public static final class Builder {
    private final Database database;
    private String bindHost = "127.0.0.1";
    private int port = 8081;
    private int adminPort = 8082;
    private Duration invocationTimeout = Duration.ofSeconds(60);
    private Duration connectTimeout = Duration.ofSeconds(2);
    private int maxConnections = 10_000;
    private int maxHeaderBytes = 16 * 1024;
    private Duration idleTimeout = Duration.ofSeconds(60);
    private Duration requestReadTimeout = Duration.ofSeconds(30);
    private int maxInFlightPerInstance = 256;
    private Duration resyncInterval = Duration.ofSeconds(30);
    private Duration drainTimeout = Duration.ofSeconds(30);
    private Set<String> regions = Set.of();
    private Duration clockSkew = Duration.ofMinutes(5);
    private int eventLoopThreads = 0;
    private String passThrough;

    private Builder(Database database) {
      this.database = database;
    }

    public Builder bindHost(String v) {
      bindHost = v;
      return this;
    }

    public Builder port(int v) {
      port = v;
      return this;
    }

    public Builder adminPort(int v) {
      adminPort = v;
      return this;
    }

    public Builder invocationTimeout(Duration v) {
      invocationTimeout = v;
      return this;
    }

    public Builder connectTimeout(Duration v) {
      connectTimeout = v;
      return this;
    }

    public Builder maxConnections(int v) {
      maxConnections = v;
      return this;
    }

    public Builder maxHeaderBytes(int v) {
      maxHeaderBytes = v;
      return this;
    }

    public Builder idleTimeout(Duration v) {
      idleTimeout = v;
      return this;
    }

    public Builder requestReadTimeout(Duration v) {
      requestReadTimeout = v;
      return this;
    }

    public Builder maxInFlightPerInstance(int v) {
      maxInFlightPerInstance = v;
      return this;
    }

    public Builder resyncInterval(Duration v) {
      resyncInterval = v;
      return this;
    }

    public Builder drainTimeout(Duration v) {
      drainTimeout = v;
      return this;
    }

    public Builder regions(Set<String> v) {
      regions = v;
      return this;
    }

    public Builder clockSkew(Duration v) {
      clockSkew = v;
      return this;
    }

    public Builder eventLoopThreads(int v) {
      eventLoopThreads = v;
      return this;
    }

    public Builder passThrough(String v) {
      passThrough = v;
      return this;
    }

    public DataPlaneConfig build() {
      return new DataPlaneConfig(
          bindHost,
          port,
          adminPort,
          database,
          invocationTimeout,
          connectTimeout,
          maxConnections,
          maxHeaderBytes,
          idleTimeout,
          requestReadTimeout,
          maxInFlightPerInstance,
          resyncInterval,
          drainTimeout,
          regions,
          clockSkew,
          eventLoopThreads,
          passThrough);
    }
  }
}
