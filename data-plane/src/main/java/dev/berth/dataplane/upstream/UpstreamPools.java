package dev.berth.dataplane.upstream;

import dev.berth.dataplane.metrics.DataPlaneMetrics;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.concurrent.ConcurrentHashMap;

/** One {@link UpstreamPool} per event loop, made on first use by that loop. */
public final class UpstreamPools {
  private final Class<? extends Channel> channelType;
  private final int connectTimeoutMillis;
  private final DataPlaneMetrics metrics;
  private final ConcurrentHashMap<EventLoop, UpstreamPool> pools = new ConcurrentHashMap<>();

  public UpstreamPools(
      Class<? extends Channel> channelType, int connectTimeoutMillis, DataPlaneMetrics metrics) {
    this.channelType = channelType;
    this.connectTimeoutMillis = connectTimeoutMillis;
    this.metrics = metrics;
  }

  /** The pool of {@code loop}. */
  public UpstreamPool of(EventLoop loop) {
    UpstreamPool pool = pools.get(loop);
    if (pool == null) {
      pool =
          pools.computeIfAbsent(
              loop, l -> new UpstreamPool(l, channelType, connectTimeoutMillis, metrics));
    }
    return pool;
  }

  /** Closes every idle connection of every loop. */
  public void closeIdle() {
    pools.values().forEach(UpstreamPool::closeIdle);
  }
}
