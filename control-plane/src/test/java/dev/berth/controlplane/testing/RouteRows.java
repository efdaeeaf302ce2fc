package dev.berth.controlplane.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.controlplane.persistence.DatabaseConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** Reads the route table the way the data plane will, for assertions. */
public final class RouteRows {
  private RouteRows() {}

  /** The endpoint's rows as {@code "<variant> <config> <share> <instances JSON>"}. */
  public static List<String> describe(DatabaseConfig db, String endpointName) throws Exception {
    List<String> out = new ArrayList<>();
    query(
        db,
        endpointName,
        r ->
            out.add(
                r.getString("variant_name")
                    + " "
                    + r.getString("config_name")
                    + " "
                    + r.getFloat("traffic_share")
                    + " "
                    + r.getString("instances")));
    return out;
  }

  /** Every ready instance address of the endpoint, over all its rows. */
  public static List<String> addresses(DatabaseConfig db, String endpointName) throws Exception {
    List<String> out = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    query(
        db,
        endpointName,
        r -> json.readTree(r.getString("instances")).forEach(a -> out.add(a.asText())));
    return out;
  }

  private interface RowReader {
    void read(ResultSet row) throws Exception;
  }

  private static void query(DatabaseConfig db, String endpointName, RowReader reader)
      throws Exception {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        PreparedStatement s =
            c.prepareStatement(
                "select * from endpoint_routes where endpoint_name = ? order by config_id,"
                    + " variant_name")) {
      s.setString(1, endpointName);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          reader.read(r);
        }
      }
    }
  }
}
