package dev.berth.controlplane.reconciler;

import dev.berth.controlplane.metrics.ReconcilerMetrics;
import dev.berth.controlplane.orchestrator.FleetId;
import dev.berth.controlplane.orchestrator.Orchestrator;
import dev.berth.controlplane.orchestrator.OrchestratorException;
import dev.berth.controlplane.persistence.DatabaseConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives every endpoint's fleets toward what its row asks for. Worker threads each claim the most
 * overdue endpoint with {@code FOR UPDATE SKIP LOCKED}, run one {@link EndpointStep} on it and
 * commit; so replicas on one database share the work and never work one endpoint at once, and a
 * replica that dies mid-step releases its row with its connection. Workers wake on a database
 * notification (the API changed an endpoint) or an orchestrator event (an instance changed), and
 * otherwise look again when each endpoint asked to be looked at.
 *
 * <p>With a {@linkplain Orchestrator#machineLocal() machine-local} orchestrator only the replica
 * holding an advisory lock reconciles; the others wait and take over if it goes.
 */
public final class Reconciler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

  /** The advisory lock that elects the one reconciling replica for machine-local orchestrators. */
  static final long LEADER_LOCK = 0x6265727468L;

  private static final Duration RETRY = Duration.ofSeconds(2);

  private final DatabaseConfig database;
  private final Orchestrator orchestrator;
  private final ReconcilerSettings settings;
  private final EndpointStep step;
  private final Clock clock;
  private final ReconcilerMetrics metrics;
  private final Set<Long> nudged = ConcurrentHashMap.newKeySet();
  private final Object wake = new Object();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running = true;
  private volatile boolean leader;
  private volatile Instant nextSweep = Instant.EPOCH;

  private Reconciler(
      DatabaseConfig database,
      Orchestrator orchestrator,
      ReconcilerSettings settings,
      Clock clock,
      ReconcilerMetrics metrics) {
    this.database = database;
    this.metrics = metrics;
    this.orchestrator = orchestrator;
    this.settings = settings;
    this.step = new EndpointStep(settings);
    this.clock = clock;
    this.leader = !orchestrator.machineLocal();
  }

  /** Starts the workers and the listener; returns at once. */
  public static Reconciler start(
      DatabaseConfig database,
      Orchestrator orchestrator,
      ReconcilerSettings settings,
      ReconcilerMetrics metrics) {
    Reconciler reconciler =
        new Reconciler(database, orchestrator, settings, Clock.systemUTC(), metrics);
    orchestrator.onChange(reconciler::nudge);
    reconciler.spawn("berth-reconcile-listen", reconciler::listen);
    for (int i = 0; i < settings.workers(); i++) {
      reconciler.spawn("berth-reconcile-" + i, reconciler::work);
    }
    return reconciler;
  }

  /** Looks at the fleet's endpoint as soon as a worker is free. */
  void nudge(FleetId fleet) {
    nudged.add(fleet.endpointId());
    wakeAll();
  }

  /** True while this replica reconciles (always, unless the orchestrator is machine-local). */
  public boolean leader() {
    return leader;
  }

  @Override
  public void close() {
    running = false;
    wakeAll();
    for (Thread t : threads) {
      t.interrupt();
    }
    for (Thread t : threads) {
      try {
        t.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void spawn(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    threads.add(t);
    t.start();
  }

  private void wakeAll() {
    synchronized (wake) {
      wake.notifyAll();
    }
  }

  private void sleep(Duration d) {
    synchronized (wake) {
      try {
        wake.wait(Math.max(1, d.toMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private Connection connect() throws SQLException {
    Connection c =
        DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
    c.setAutoCommit(false);
    return c;
  }

  /** A worker: claims due endpoints one at a time until closed. */
  private void work() {
    Connection c = null;
    while (running) {
      try {
        if (c == null || c.isClosed()) {
          c = connect();
        }
        if (!leader) {
          sleep(Duration.ofSeconds(1));
          continue;
        }
        sweepIfDue(c);
        if (!workOnce(c)) {
          sleep(settings.progressInterval());
        }
      } catch (SQLException e) {
        if (running) {
          LOG.warn("Reconciler lost its database connection; retrying: {}", e.getMessage());
        }
        closeQuietly(c);
        c = null;
        sleep(RETRY);
      } catch (RuntimeException e) {
        LOG.error("Reconciler step failed", e);
        rollbackQuietly(c);
        sleep(RETRY);
      }
    }
    closeQuietly(c);
  }

  /** One step of one endpoint; false if none was due. */
  boolean workOnce(Connection c) throws SQLException {
    List<Long> wanted = List.copyOf(nudged);
    EndpointRow row = EndpointStore.claim(c, wanted);
    if (row == null) {
      c.commit();
      return false;
    }
    nudged.remove(row.id);
    long started = System.nanoTime();
    var before = row.status;
    StepResult result;
    try {
      Set<FleetId> existing =
          orchestrator.fleets().stream()
              .filter(f -> f.endpointId() == row.id)
              .collect(Collectors.toSet());
      result = step.run(row, existing, orchestrator, clock.instant());
    } catch (OrchestratorException e) {
      LOG.warn("Endpoint {}: orchestrator unavailable, retrying: {}", row.name, e.getMessage());
      EndpointStore.reschedule(c, row.id, RETRY);
      c.commit();
      metrics.step("retry", System.nanoTime() - started);
      return true;
    } catch (RuntimeException e) {
      c.rollback();
      LOG.error("Endpoint {}: reconciliation step failed; retrying", row.name, e);
      EndpointStore.reschedule(c, row.id, RETRY);
      c.commit();
      metrics.step("error", System.nanoTime() - started);
      return true;
    }
    if (result.deleteRow()) {
      EndpointStore.delete(c, row.id);
      LOG.info("Endpoint {} ({}) deleted", row.name, row.account);
    } else {
      Duration recheck = result.recheck();
      if (!result.remove().isEmpty() && recheck.compareTo(settings.progressInterval()) > 0) {
        recheck = settings.progressInterval();
      }
      EndpointStore.save(c, row, recheck);
      EndpointStore.publishRoutes(c, row, result.routes());
    }
    c.commit();
    metrics.step(result.deleteRow() ? "deleted" : "saved", System.nanoTime() - started);
    if (row.status != before) {
      LOG.info("Endpoint {} ({}): {} -> {}", row.name, row.account, before, row.status);
      metrics.transition(row.status.name());
    }
    for (FleetId fleet : result.remove()) {
      metrics.removal();
      try {
        orchestrator.remove(fleet);
      } catch (OrchestratorException e) {
        LOG.warn("Fleet {}: removal failed, retrying: {}", fleet.name(), e.getMessage());
      }
    }
    return true;
  }

  /** Removes fleets whose endpoint no longer exists (a crash between the last step and delete). */
  private void sweepIfDue(Connection c) throws SQLException {
    Instant now = clock.instant();
    if (now.isBefore(nextSweep)) {
      return;
    }
    nextSweep = now.plus(settings.sweepInterval());
    Set<FleetId> fleets;
    try {
      // Fleets first, rows second: a fleet created after this listing is not judged by rows read
      // before it existed.
      fleets = orchestrator.fleets();
    } catch (OrchestratorException e) {
      LOG.warn("Orphan sweep skipped: {}", e.getMessage());
      return;
    }
    Set<Long> endpoints = EndpointStore.endpointIds(c);
    c.commit();
    for (FleetId fleet : fleets) {
      if (!endpoints.contains(fleet.endpointId())) {
        LOG.info("Removing fleet {}: its endpoint no longer exists", fleet.name());
        try {
          orchestrator.remove(fleet);
        } catch (OrchestratorException e) {
          LOG.warn("Fleet {}: removal failed: {}", fleet.name(), e.getMessage());
        }
      }
    }
  }

  /** Listens for API changes, and holds the leader lock for machine-local orchestrators. */
  private void listen() {
    while (running) {
      try (Connection c =
          DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password())) {
        try (Statement s = c.createStatement()) {
          s.execute("listen berth_reconcile");
        }
        PGConnection pg = c.unwrap(PGConnection.class);
        while (running) {
          if (!leader) {
            leader = tryLock(c);
            if (leader) {
              LOG.info("This replica now reconciles endpoints (machine-local orchestrator)");
              nextSweep = Instant.EPOCH;
              wakeAll();
            }
          }
          PGNotification[] notes = pg.getNotifications(1000);
          if (notes != null && notes.length > 0) {
            for (PGNotification n : notes) {
              try {
                nudged.add(Long.parseLong(n.getParameter()));
              } catch (NumberFormatException ignored) {
                // Not ours.
              }
            }
            wakeAll();
          }
        }
      } catch (SQLException e) {
        if (orchestrator.machineLocal()) {
          // The lock went with the connection; another replica may take over.
          leader = false;
        }
        if (running) {
          LOG.warn("Reconciler listener lost its connection; retrying: {}", e.getMessage());
          sleep(RETRY);
        }
      }
    }
  }

  private static boolean tryLock(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("select pg_try_advisory_lock(?)")) {
      s.setLong(1, LEADER_LOCK);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getBoolean(1);
      }
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      if (c != null && !c.isClosed()) {
        c.rollback();
      }
    } catch (SQLException ignored) {
      // The connection is replaced on the next round.
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      if (c != null) {
        c.close();
      }
    } catch (SQLException ignored) {
      // Nothing to do.
    }
  }
}
