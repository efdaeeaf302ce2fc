package dev.berth.dataplane.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Reads {@code endpoint_routes}, the table the control plane's reconciler publishes. */
public final class RouteStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COLUMNS =
      "select endpoint_id, config_id, variant_name, account_id, region, endpoint_name,"
          + " traffic_share, variant_weight, routing_strategy, multi_model, shadow, instances"
          + " from endpoint_routes";

  private RouteStore() {}

  /** Every row. */
  public static List<RouteRow> all(Connection c) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(COLUMNS)) {
      return read(s);
    }
  }

  /** The rows of the endpoints {@code endpointIds}. */
  public static List<RouteRow> of(Connection c, Collection<Long> endpointIds) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(COLUMNS + " where endpoint_id = any(?)")) {
      Array ids = c.createArrayOf("bigint", endpointIds.toArray());
      s.setArray(1, ids);
      return read(s);
    }
  }

  private static List<RouteRow> read(PreparedStatement s) throws SQLException {
    List<RouteRow> rows = new ArrayList<>();
    try (ResultSet r = s.executeQuery()) {
      while (r.next()) {
        rows.add(
            new RouteRow(
                r.getLong("endpoint_id"),
                r.getLong("config_id"),
                r.getString("variant_name"),
                r.getString("account_id"),
                r.getString("region"),
                r.getString("endpoint_name"),
                r.getFloat("traffic_share"),
                r.getFloat("variant_weight"),
                RoutingStrategy.of(r.getString("routing_strategy")),
                r.getBoolean("multi_model"),
                r.getBoolean("shadow"),
                addresses(r.getString("instances"))));
      }
    }
    return rows;
  }

  private static List<String> addresses(String json) throws SQLException {
    try {
      List<String> addresses = new ArrayList<>();
      for (JsonNode address : JSON.readTree(json)) {
        addresses.add(address.asText());
      }
      return addresses;
    } catch (IOException e) {
      throw new SQLException("endpoint_routes.instances is not a JSON array: " + json, e);
    }
  }
}
