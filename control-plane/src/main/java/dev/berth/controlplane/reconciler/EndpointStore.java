package dev.berth.controlplane.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.controlplane.api.WireJson;
import dev.berth.controlplane.domain.EndpointStatus;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reconciler's SQL: claiming a due endpoint (row-locked, skipping rows another worker or
 * replica holds), writing the step's outcome back, and publishing the route table. Plain JDBC on
 * the reconciler's own threads: every call blocks, none runs on an event loop.
 */
final class EndpointStore {
  private static final String CLAIM =
      "select id, account_id, region, name, status, failure_reason, creation_time,"
          + " last_modified_time, config_id, pending_config_id, variants, pending_variants, models,"
          + " pending_models, pending_start_time, deployment_config, rollout from endpoints"
          + " where reconcile_at <= now() or id = any(?) order by reconcile_at limit 1"
          + " for update skip locked";

  private EndpointStore() {}

  /**
   * Claims the most overdue endpoint (or one of {@code nudged}) and reads it; null when none is
   * due. The row stays locked until the transaction ends.
   */
  static EndpointRow claim(Connection c, Collection<Long> nudged) throws SQLException {
    EndpointRow row;
    long configId;
    Long pendingConfigId;
    String variants;
    String pendingVariants;
    String models;
    String pendingModels;
    try (PreparedStatement s = c.prepareStatement(CLAIM)) {
      Array ids = c.createArrayOf("bigint", nudged.toArray());
      s.setArray(1, ids);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return null;
        }
        row = new EndpointRow();
        row.id = r.getLong("id");
        row.account = r.getString("account_id").trim();
        row.region = r.getString("region");
        row.name = r.getString("name");
        row.status = EndpointStatus.valueOf(r.getString("status"));
        row.failureReason = r.getString("failure_reason");
        row.creationTime = instant(r, "creation_time");
        row.lastModifiedTime = instant(r, "last_modified_time");
        configId = r.getLong("config_id");
        long pending = r.getLong("pending_config_id");
        pendingConfigId = r.wasNull() ? null : pending;
        variants = r.getString("variants");
        pendingVariants = r.getString("pending_variants");
        models = r.getString("models");
        pendingModels = r.getString("pending_models");
        row.pendingStartTime = instant(r, "pending_start_time");
        String deployment = r.getString("deployment_config");
        row.deploymentConfig = deployment == null ? null : WireJson.parse(deployment);
        row.rollout = Rollout.parse(r.getString("rollout"));
      }
    }
    Map<Long, Object[]> configs = configs(c, configId, pendingConfigId);
    row.live = generation(configs, configId, variants, models);
    row.pending =
        pendingConfigId == null || pendingVariants == null
            ? null
            : generation(configs, pendingConfigId, pendingVariants, pendingModels);
    return row;
  }

  /** Writes the step's changes and when to look again. */
  static void save(Connection c, EndpointRow row, Duration recheck) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "update endpoints set status = ?, failure_reason = ?, last_modified_time = ?,"
                + " config_id = ?, pending_config_id = ?, variants = ?, pending_variants = ?,"
                + " models = ?, pending_models = ?, pending_start_time = ?, rollout = ?,"
                + " reconcile_at = now() + make_interval(secs => ?), version = version + 1"
                + " where id = ?")) {
      s.setString(1, row.status.name());
      s.setString(2, row.failureReason);
      s.setObject(3, utc(row.lastModifiedTime));
      s.setLong(4, row.live.configId());
      setNullableLong(s, 5, row.pending == null ? null : row.pending.configId());
      s.setString(6, WireJson.write(row.live.variants()));
      s.setString(7, row.pending == null ? null : WireJson.write(row.pending.variants()));
      s.setString(8, WireJson.write(row.live.models()));
      s.setString(9, row.pending == null ? null : WireJson.write(row.pending.models()));
      s.setObject(10, row.pendingStartTime == null ? null : utc(row.pendingStartTime));
      s.setString(11, row.rollout == null ? null : row.rollout.toJson());
      s.setDouble(12, recheck.toMillis() / 1000.0);
      s.setLong(13, row.id);
      s.executeUpdate();
    }
  }

  /** Looks at the endpoint again after {@code delay}, changing nothing else. */
  static void reschedule(Connection c, long id, Duration delay) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "update endpoints set reconcile_at = now() + make_interval(secs => ?) where id = ?")) {
      s.setDouble(1, delay.toMillis() / 1000.0);
      s.setLong(2, id);
      s.executeUpdate();
    }
  }

  /** Removes the endpoint (its routes go with it); its quota usage is given back by triggers. */
  static void delete(Connection c, long id) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("delete from endpoints where id = ?")) {
      s.setLong(1, id);
      s.executeUpdate();
    }
  }

  /**
   * Makes the endpoint's route table rows equal {@code routes}; writes (and so notifies the data
   * plane) only when they differ.
   */
  static void publishRoutes(Connection c, EndpointRow row, List<Route> routes) throws SQLException {
    if (new HashSet<>(routes).equals(new HashSet<>(routes(c, row.id)))) {
      return;
    }
    try (PreparedStatement d =
        c.prepareStatement("delete from endpoint_routes where endpoint_id = ?")) {
      d.setLong(1, row.id);
      d.executeUpdate();
    }
    if (routes.isEmpty()) {
      return;
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "insert into endpoint_routes (endpoint_id, config_id, variant_name, account_id, region,"
                + " endpoint_name, config_name, traffic_share, variant_weight, routing_strategy,"
                + " multi_model, shadow, instances) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (Route route : routes) {
        s.setLong(1, row.id);
        s.setLong(2, route.configId());
        s.setString(3, route.variantName());
        s.setString(4, row.account);
        s.setString(5, row.region);
        s.setString(6, row.name);
        s.setString(7, route.configName());
        s.setFloat(8, (float) route.trafficShare());
        s.setFloat(9, (float) route.variantWeight());
        s.setString(10, route.routingStrategy());
        s.setBoolean(11, route.multiModel());
        s.setBoolean(12, route.shadow());
        ArrayNode instances = WireJson.array();
        route.instances().forEach(instances::add);
        s.setString(13, WireJson.write(instances));
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  /** The endpoint's route table rows as stored. */
  static List<Route> routes(Connection c, long endpointId) throws SQLException {
    List<Route> routes = new ArrayList<>();
    try (PreparedStatement s =
        c.prepareStatement(
            "select config_id, variant_name, config_name, traffic_share, variant_weight,"
                + " routing_strategy, multi_model, shadow, instances from endpoint_routes"
                + " where endpoint_id = ?")) {
      s.setLong(1, endpointId);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          List<String> instances = new ArrayList<>();
          WireJson.parse(r.getString("instances")).forEach(i -> instances.add(i.asText()));
          routes.add(
              new Route(
                  r.getLong("config_id"),
                  r.getString("variant_name"),
                  r.getString("config_name"),
                  (float) r.getFloat("traffic_share"),
                  (float) r.getFloat("variant_weight"),
                  r.getString("routing_strategy"),
                  r.getBoolean("multi_model"),
                  r.getBoolean("shadow"),
                  instances));
        }
      }
    }
    return routes;
  }

  /** The ids of every endpoint (to tell orphaned fleets from wanted ones). */
  static Set<Long> endpointIds(Connection c) throws SQLException {
    Set<Long> ids = new HashSet<>();
    try (PreparedStatement s = c.prepareStatement("select id from endpoints");
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        ids.add(r.getLong(1));
      }
    }
    return ids;
  }

  private static Map<Long, Object[]> configs(Connection c, long live, Long pending)
      throws SQLException {
    Map<Long, Object[]> out = new HashMap<>();
    try (PreparedStatement s =
        c.prepareStatement("select id, name, definition from endpoint_configs where id = any(?)")) {
      s.setArray(
          1,
          c.createArrayOf(
              "bigint", pending == null ? new Object[] {live} : new Object[] {live, pending}));
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.put(r.getLong(1), new Object[] {r.getString(2), WireJson.parse(r.getString(3))});
        }
      }
    }
    return out;
  }

  private static Generation generation(
      Map<Long, Object[]> configs, long id, String variants, String models) {
    Object[] config = configs.get(id);
    JsonNode parsedModels = models == null ? WireJson.object() : WireJson.parse(models);
    return new Generation(
        id,
        (String) config[0],
        (ObjectNode) config[1],
        (ArrayNode) WireJson.parse(variants),
        (ObjectNode) parsedModels);
  }

  private static Instant instant(ResultSet r, String column) throws SQLException {
    OffsetDateTime t = r.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  private static void setNullableLong(PreparedStatement s, int index, Long value)
      throws SQLException {
    if (value == null) {
      s.setNull(index, java.sql.Types.BIGINT);
    } else {
      s.setLong(index, value);
    }
  }
}
