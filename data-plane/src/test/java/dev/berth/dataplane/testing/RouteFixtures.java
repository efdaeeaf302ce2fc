package dev.berth.dataplane.testing;

import dev.berth.controlplane.persistence.DatabaseConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Rows of the Berth schema written directly, as the control plane and its reconciler would: an
 * account with a key, an InService endpoint, and its route rows pointing at test backends.
 */
public final class RouteFixtures {
  private final DatabaseConfig db;

  public RouteFixtures(DatabaseConfig db) {
    this.db = db;
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
  }

  /** An account with one key allowed to do {@code actions} (null: everything). */
  public void account(String account, String keyId, String secret, String actions)
      throws SQLException {
    try (Connection c = connect();
        PreparedStatement a =
            c.prepareStatement("insert into accounts (id) values (?) on conflict do nothing");
        PreparedStatement k =
            c.prepareStatement(
                "insert into access_keys (access_key_id, secret_access_key, account_id,"
                    + " allowed_actions) values (?, ?, ?, ?)")) {
      a.setString(1, account);
      a.executeUpdate();
      k.setString(1, keyId);
      k.setString(2, secret);
      k.setString(3, account);
      k.setString(4, actions);
      k.executeUpdate();
    }
  }

  /** An InService endpoint (and its configuration); returns its id. */
  public long endpoint(String account, String name) throws SQLException {
    try (Connection c = connect();
        PreparedStatement config =
            c.prepareStatement(
                "insert into endpoint_configs (account_id, region, name, creation_time,"
                    + " definition) values (?, 'us-east-1', ?, now(), '{}') returning id");
        PreparedStatement endpoint =
            c.prepareStatement(
                "insert into endpoints (account_id, region, name, config_id, status,"
                    + " creation_time, last_modified_time) values (?, 'us-east-1', ?, ?,"
                    + " 'InService', now(), now()) returning id")) {
      config.setString(1, account);
      config.setString(2, name + "-config");
      long configId = single(config.executeQuery());
      endpoint.setString(1, account);
      endpoint.setString(2, name);
      endpoint.setLong(3, configId);
      return single(endpoint.executeQuery());
    }
  }

  /** Replaces the endpoint's routes with one row per variant, in one transaction. */
  public void routes(long endpointId, String account, String name, Variant... variants)
      throws SQLException {
    try (Connection c = connect()) {
      c.setAutoCommit(false);
      try (Statement d = c.createStatement()) {
        d.executeUpdate("delete from endpoint_routes where endpoint_id = " + endpointId);
      }
      try (PreparedStatement s =
          c.prepareStatement(
              "insert into endpoint_routes (endpoint_id, config_id, variant_name, account_id,"
                  + " region, endpoint_name, config_name, traffic_share, variant_weight,"
                  + " routing_strategy, multi_model, shadow, instances) values (?, ?, ?, ?,"
                  + " 'us-east-1', ?, 'cfg', 1, ?, 'LEAST_OUTSTANDING_REQUESTS', false, ?,"
                  + " ?)")) {
        long config = 1;
        for (Variant v : variants) {
          s.setLong(1, endpointId);
          s.setLong(2, config++);
          s.setString(3, v.name());
          s.setString(4, account);
          s.setString(5, name);
          s.setFloat(6, (float) v.weight());
          s.setBoolean(7, v.shadow());
          s.setString(
              8,
              v.instances().stream()
                  .map(a -> "\"" + a + "\"")
                  .collect(Collectors.joining(",", "[", "]")));
          s.addBatch();
        }
        s.executeBatch();
      }
      c.commit();
    }
  }

  /** A variant's route: its weight and instances, and whether it is a shadow variant. */
  public record Variant(String name, double weight, List<String> instances, boolean shadow) {
    public Variant(String name, double weight, List<String> instances) {
      this(name, weight, instances, false);
    }
  }

  private static long single(ResultSet r) throws SQLException {
    try (r) {
      r.next();
      return r.getLong(1);
    }
  }
}
