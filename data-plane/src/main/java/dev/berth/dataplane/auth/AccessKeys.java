package dev.berth.dataplane.auth;

import dev.berth.awswire.iam.ActionAllowList;
import dev.berth.dataplane.DataPlaneConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access keys of every account, held in memory: the whole {@code access_keys} table is reread
 * with the route table, and a key not seen yet (created a moment ago) is looked up once, off the
 * event loop. A key that does not exist is remembered as such for a second, so a caller with a
 * wrong key cannot make every request a database query.
 */
public final class AccessKeys implements KeyDirectory, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AccessKeys.class);
  private static final long MISS_TTL_NANOS = 1_000_000_000L;
  private static final int MAX_MISSES = 10_000;
  private static final String COLUMNS =
      "select access_key_id, secret_access_key, account_id, allowed_actions from access_keys";

  private final DataPlaneConfig.Database database;
  private final ExecutorService lookups;
  private volatile Map<String, AccessKey> known = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Long> misses = new ConcurrentHashMap<>();

  public AccessKeys(DataPlaneConfig.Database database) {
    this.database = database;
    this.lookups =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "berth-key-lookup");
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public AccessKey cached(String accessKeyId) {
    return known.get(accessKeyId);
  }

  @Override
  public CompletableFuture<Optional<AccessKey>> lookup(String accessKeyId) {
    Long missedAt = misses.get(accessKeyId);
    if (missedAt != null && System.nanoTime() - missedAt < MISS_TTL_NANOS) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return CompletableFuture.supplyAsync(() -> query(accessKeyId), lookups);
  }

  private Optional<AccessKey> query(String accessKeyId) {
    AccessKey cached = known.get(accessKeyId);
    if (cached != null) {
      return Optional.of(cached);
    }
    try (Connection c =
            DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
        PreparedStatement s = c.prepareStatement(COLUMNS + " where access_key_id = ?")) {
      s.setString(1, accessKeyId);
      try (ResultSet r = s.executeQuery()) {
        if (r.next()) {
          AccessKey key = read(r);
          known.put(key.accessKeyId(), key);
          misses.remove(accessKeyId);
          return Optional.of(key);
        }
      }
    } catch (SQLException e) {
      // PostgreSQL is away: the caller hears its key is unknown, the keys held keep working.
      LOG.warn("Could not look up access key {}: {}", accessKeyId, e.getMessage());
    }
    if (misses.size() >= MAX_MISSES) {
      misses.clear();
    }
    misses.put(accessKeyId, System.nanoTime());
    return Optional.empty();
  }

  /** Rereads every key over {@code c}. */
  public void reload(Connection c) throws SQLException {
    Map<String, AccessKey> all = new HashMap<>();
    try (PreparedStatement s = c.prepareStatement(COLUMNS);
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        AccessKey key = read(r);
        all.put(key.accessKeyId(), key);
      }
    }
    known = new ConcurrentHashMap<>(all);
  }

  /** How many keys are held. */
  public int size() {
    return known.size();
  }

  private static AccessKey read(ResultSet r) throws SQLException {
    return new AccessKey(
        r.getString("access_key_id"),
        r.getString("secret_access_key"),
        r.getString("account_id"),
        ActionAllowList.parse(r.getString("allowed_actions")));
  }

  @Override
  public void close() {
    lookups.shutdownNow();
  }
}
