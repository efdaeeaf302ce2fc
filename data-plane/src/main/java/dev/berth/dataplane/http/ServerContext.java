package dev.berth.dataplane.http;

import dev.berth.dataplane.DataPlaneConfig;
import dev.berth.dataplane.auth.InvokeAuthenticator;
import dev.berth.dataplane.auth.KeyDirectory;
import dev.berth.dataplane.metrics.DataPlaneMetrics;
import dev.berth.dataplane.routes.Instance;
import dev.berth.dataplane.routes.RouteTable;
import dev.berth.dataplane.upstream.UpstreamPools;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * What every connection of one data plane shares: its configuration, the key and route sources, the
 * upstream pools, the meters, and the counts that drive limits and the drain on shutdown.
 */
public final class ServerContext {
  final DataPlaneConfig config;
  final InvokeAuthenticator authenticator;
  final KeyDirectory keys;
  final Supplier<RouteTable> routes;
  final UpstreamPools upstreams;
  final DataPlaneMetrics metrics;
  final long invocationTimeoutNanos;
  final long requestReadTimeoutNanos;
  final long idleTimeoutNanos;

  /** Where requests that are not runtime operations go, or null: they are refused. */
  final Instance passThrough;

  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean draining;

  public ServerContext(
      DataPlaneConfig config,
      KeyDirectory keys,
      Supplier<RouteTable> routes,
      UpstreamPools upstreams,
      DataPlaneMetrics metrics) {
    this.config = config;
    this.authenticator = new InvokeAuthenticator(config.regions(), config.clockSkew());
    this.keys = keys;
    this.routes = routes;
    this.upstreams = upstreams;
    this.metrics = metrics;
    this.invocationTimeoutNanos = config.invocationTimeout().toNanos();
    this.requestReadTimeoutNanos = config.requestReadTimeout().toNanos();
    this.idleTimeoutNanos = config.idleTimeout().toNanos();
    this.passThrough = config.passThrough() == null ? null : Instance.at(config.passThrough());
  }

  /** Counts a new client connection; false (not counted) when the limit is reached. */
  boolean admitConnection() {
    for (; ; ) {
      int n = connections.get();
      if (n >= config.maxConnections()) {
        return false;
      }
      if (connections.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  void connectionClosed() {
    connections.decrementAndGet();
  }

  void invocationStarted() {
    inFlight.incrementAndGet();
  }

  void invocationEnded() {
    inFlight.decrementAndGet();
  }

  /** Client connections open. */
  public int connections() {
    return connections.get();
  }

  /** Invocations in flight. */
  public int inFlight() {
    return inFlight.get();
  }

  /** From now on, every response closes its connection: the server is shutting down. */
  public void drain() {
    draining = true;
  }

  /** True while shutting down. */
  public boolean draining() {
    return draining;
  }
}
