package dev.berth.dataplane.routes;

import dev.berth.dataplane.DataPlaneConfig;
import dev.berth.dataplane.auth.AccessKeys;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link RouteTable} (and the {@link AccessKeys}) fresh from PostgreSQL, on a thread of
 * its own: loads everything at start, listens for {@code NOTIFY berth_routes} (payload: the id of
 * an endpoint whose rows changed) and rereads just those endpoints, and rereads everything every
 * {@code resyncInterval} in case a notification was lost.
 *
 * <p>When PostgreSQL goes away the last table stays in service and the thread reconnects with
 * backoff; a reconnect starts with a full reload, which covers every notification missed.
 */
public final class RouteWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RouteWatcher.class);
  // How long one wait for notifications lasts: the bound on how late a change is seen.
  private static final int POLL_MILLIS = 200;
  // More changed endpoints than this in one poll: a full reload is cheaper than a long id list.
  private static final int PARTIAL_RELOAD_LIMIT = 200;
  private static final long MAX_BACKOFF_MILLIS = 5_000;

  private final DataPlaneConfig.Database database;
  private final Duration resyncInterval;
  private final AccessKeys keys;
  private final Thread thread;
  private final CountDownLatch firstLoad = new CountDownLatch(1);
  private volatile RouteTable table = RouteTable.EMPTY;
  private volatile boolean connected;
  private volatile boolean closed;

  public RouteWatcher(DataPlaneConfig.Database database, Duration resyncInterval, AccessKeys keys) {
    this.database = database;
    this.resyncInterval = resyncInterval;
    this.keys = keys;
    this.thread = new Thread(this::run, "berth-routes");
    this.thread.setDaemon(true);
  }

  /** Starts watching. */
  public void start() {
    thread.start();
  }

  /** The current table; never null. */
  public RouteTable table() {
    return table;
  }

  /** True once the first load has succeeded. */
  public boolean loaded() {
    return firstLoad.getCount() == 0;
  }

  /** True while the watcher holds a working connection to PostgreSQL. */
  public boolean connected() {
    return connected;
  }

  /** Waits for the first load; false if it did not happen within {@code timeout}. */
  public boolean awaitLoaded(Duration timeout) throws InterruptedException {
    return firstLoad.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void run() {
    long backoff = 200;
    while (!closed) {
      try (Connection c =
          DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password())) {
        try (Statement s = c.createStatement()) {
          s.execute("listen berth_routes");
        }
        reloadAll(c);
        if (!connected) {
          LOG.info("Route table loaded: {} serving endpoints", table.size());
        }
        connected = true;
        backoff = 200;
        watch(c);
      } catch (SQLException e) {
        if (closed) {
          return;
        }
        if (connected || !loaded()) {
          LOG.warn(
              "PostgreSQL unreachable ({}); serving the last route table ({} endpoints) and"
                  + " reconnecting",
              e.getMessage(),
              table.size());
        }
        connected = false;
        sleep(backoff);
        backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
      }
    }
  }

  private void watch(Connection c) throws SQLException {
    PGConnection pg = c.unwrap(PGConnection.class);
    long nextResync = System.nanoTime() + resyncInterval.toNanos();
    while (!closed) {
      PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
      if (notifications != null && notifications.length > 0) {
        Set<Long> changed = new HashSet<>();
        for (PGNotification n : notifications) {
          try {
            changed.add(Long.parseLong(n.getParameter().trim()));
          } catch (NumberFormatException e) {
            changed.clear();
            break;
          }
        }
        if (changed.isEmpty() || changed.size() > PARTIAL_RELOAD_LIMIT) {
          reloadAll(c);
        } else {
          List<RouteRow> rows = RouteStore.of(c, changed);
          table = table.replacing(changed, rows);
        }
      }
      if (System.nanoTime() - nextResync >= 0) {
        reloadAll(c);
        nextResync = System.nanoTime() + resyncInterval.toNanos();
      }
      if (c.isClosed()) {
        throw new SQLException("connection closed");
      }
    }
  }

  private void reloadAll(Connection c) throws SQLException {
    keys.reload(c);
    table = table.rebuiltFrom(RouteStore.all(c));
    firstLoad.countDown();
  }

  private void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
