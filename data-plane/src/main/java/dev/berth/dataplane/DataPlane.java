package dev.berth.dataplane;

import dev.berth.dataplane.auth.AccessKeys;
import dev.berth.dataplane.http.InvocationServerInitializer;
import dev.berth.dataplane.http.ServerContext;
import dev.berth.dataplane.metrics.AdminServer;
import dev.berth.dataplane.metrics.DataPlaneMetrics;
import dev.berth.dataplane.routes.RouteTable;
import dev.berth.dataplane.routes.RouteWatcher;
import dev.berth.dataplane.upstream.UpstreamPools;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data plane: a Netty server that authenticates InvokeEndpoint, routes it by the route table
 * the reconciler publishes in PostgreSQL, and proxies it to a runtime instance.
 *
 * <pre>{@code
 * try (DataPlane dataPlane = DataPlane.start(config)) {
 *   // POST http://host:dataPlane.port()/endpoints/{name}/invocations
 * }
 * }</pre>
 *
 * <p>{@link #close} drains: it stops accepting, lets the invocations in flight finish (up to {@code
 * drainTimeout}), then closes every connection.
 */
public final class DataPlane implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DataPlane.class);
  private static final Duration FIRST_LOAD_WAIT = Duration.ofSeconds(10);

  private final DataPlaneConfig config;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final AccessKeys keys;
  private final RouteWatcher routes;
  private final UpstreamPools upstreams;
  private final DataPlaneMetrics metrics;
  private final ServerContext server;
  private final Channel listener;
  private final AdminServer admin;

  private DataPlane(
      DataPlaneConfig config,
      EventLoopGroup boss,
      EventLoopGroup workers,
      AccessKeys keys,
      RouteWatcher routes,
      UpstreamPools upstreams,
      DataPlaneMetrics metrics,
      ServerContext server,
      Channel listener,
      AdminServer admin) {
    this.config = config;
    this.boss = boss;
    this.workers = workers;
    this.keys = keys;
    this.routes = routes;
    this.upstreams = upstreams;
    this.metrics = metrics;
    this.server = server;
    this.listener = listener;
    this.admin = admin;
  }

  /**
   * Loads the route table (waiting up to 10 s for PostgreSQL; without it the server starts with an
   * empty table, reports not ready on {@code /health}, and keeps trying) and starts listening.
   */
  public static DataPlane start(DataPlaneConfig config) throws InterruptedException {
    boolean epoll = Epoll.isAvailable();
    int threads =
        config.eventLoopThreads() > 0
            ? config.eventLoopThreads()
            : Runtime.getRuntime().availableProcessors();
    EventLoopGroup boss =
        epoll
            ? new EpollEventLoopGroup(1, new DefaultThreadFactory("berth-dp-accept"))
            : new NioEventLoopGroup(1, new DefaultThreadFactory("berth-dp-accept"));
    EventLoopGroup workers =
        epoll
            ? new EpollEventLoopGroup(threads, new DefaultThreadFactory("berth-dp"))
            : new NioEventLoopGroup(threads, new DefaultThreadFactory("berth-dp"));
    Class<? extends ServerChannel> serverType =
        epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    DataPlaneMetrics metrics = new DataPlaneMetrics();
    AccessKeys keys = new AccessKeys(config.database());
    RouteWatcher routes = new RouteWatcher(config.database(), config.resyncInterval(), keys);
    UpstreamPools upstreams =
        new UpstreamPools(
            epoll ? EpollSocketChannel.class : NioSocketChannel.class,
            (int) config.connectTimeout().toMillis(),
            metrics);
    ServerContext server = new ServerContext(config, keys, routes::table, upstreams, metrics);
    try {
      routes.start();
      if (!routes.awaitLoaded(FIRST_LOAD_WAIT)) {
        LOG.warn(
            "The route table could not be loaded from {} within {} s; serving none until it can",
            config.database().jdbcUrl(),
            FIRST_LOAD_WAIT.toSeconds());
      }
      metrics.gauges(server::connections, server::inFlight, () -> routes.table().size());
      Channel listener =
          new ServerBootstrap()
              .group(boss, workers)
              .channel(serverType)
              .option(ChannelOption.SO_BACKLOG, 1024)
              .childOption(ChannelOption.TCP_NODELAY, true)
              .childOption(
                  ChannelOption.WRITE_BUFFER_WATER_MARK,
                  new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
              .childHandler(new InvocationServerInitializer(server))
              .bind(config.bindHost(), config.port())
              .sync()
              .channel();
      AdminServer admin =
          config.adminPort() < 0
              ? null
              : AdminServer.start(
                  boss,
                  serverType,
                  config.bindHost(),
                  config.adminPort(),
                  metrics,
                  () -> health(routes, server));
      DataPlane dataPlane =
          new DataPlane(
              config, boss, workers, keys, routes, upstreams, metrics, server, listener, admin);
      LOG.info(
          "Data plane listening on {}:{} ({}), admin port {}",
          config.bindHost(),
          dataPlane.port(),
          epoll ? "epoll" : "nio",
          admin == null ? "none" : admin.port());
      return dataPlane;
    } catch (Exception e) {
      // Netty's bind failure (address in use) is a checked exception thrown unchecked.
      routes.close();
      keys.close();
      boss.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      if (e instanceof InterruptedException interrupted) {
        throw interrupted;
      }
      if (e instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(
          "could not listen on " + config.bindHost() + ":" + config.port() + ": " + e, e);
    }
  }

  private static AdminServer.Health health(RouteWatcher routes, ServerContext server) {
    boolean ready = routes.loaded() && !server.draining();
    String status = server.draining() ? "draining" : ready ? "ready" : "loading routes";
    String json =
        "{\"status\":\""
            + status
            + "\",\"endpoints\":"
            + routes.table().size()
            + ",\"database\":\""
            + (routes.connected() ? "connected" : "unreachable")
            + "\"}";
    return new AdminServer.Health(ready, json);
  }

  /** The invocation port. */
  public int port() {
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  /** The admin port, or -1 without one. */
  public int adminPort() {
    return admin == null ? -1 : admin.port();
  }

  /** The route table in service now. */
  public RouteTable routes() {
    return routes.table();
  }

  /** The meters. */
  public DataPlaneMetrics metrics() {
    return metrics;
  }

  /** The configuration it runs with. */
  public DataPlaneConfig config() {
    return config;
  }

  @Override
  public void close() {
    server.drain();
    listener.close().syncUninterruptibly();
    long deadline = System.nanoTime() + config.drainTimeout().toNanos();
    while (server.inFlight() > 0 && System.nanoTime() - deadline < 0) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (server.inFlight() > 0) {
      LOG.warn("{} invocations still in flight after the drain; closing them", server.inFlight());
    }
    if (admin != null) {
      admin.close();
    }
    upstreams.closeIdle();
    routes.close();
    keys.close();
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
