package dev.berth.controlplane.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.berth.controlplane.domain.Quota;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The operator's quota defaults (spec §9.9) for every account and region, from a YAML file — a
 * ConfigMap on Kubernetes — written to {@code quota_defaults} when the control plane starts. {@code
 * berth quotas set} still overrides them per account and region.
 *
 * <pre>{@code
 * endpoints: 50
 * instances: 200
 * instance-type:*: 20            # every instance type...
 * instance-type:ml.g5.xlarge: 4  # ...but this one
 * }</pre>
 */
public final class QuotaDefaults {
  private static final String ALL_TYPES = "instance-type:*";

  private QuotaDefaults() {}

  /**
   * Reads and checks {@code file}.
   *
   * @throws IllegalArgumentException naming the file and the first key or value that is wrong
   */
  public static Map<String, Long> load(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the quota defaults " + file, e);
    }
    Map<String, Long> defaults = new LinkedHashMap<>();
    if (root == null || root.isNull() || root.isMissingNode()) {
      return defaults;
    }
    if (!root.isObject()) {
      throw new IllegalArgumentException(file + ": expected a map of quota name to limit");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = key(e.getKey(), file);
      JsonNode value = e.getValue();
      if (!value.canConvertToLong() || !value.isIntegralNumber() || value.asLong() < 0) {
        throw new IllegalArgumentException(
            file + ": the limit of " + e.getKey() + " must be a whole number >= 0, not " + value);
      }
      defaults.put(key, value.asLong());
    }
    return defaults;
  }

  private static String key(String name, Path file) {
    if (name.trim().equalsIgnoreCase(ALL_TYPES)) {
      return ALL_TYPES;
    }
    return Quota.parse(name)
        .map(Quota::shortKey)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    file
                        + ": unknown quota '"
                        + name
                        + "'; use endpoints, endpoint-configs, models, instances-per-endpoint,"
                        + " instances, instance-type:* or instance-type:<ml.type>"));
  }

  /** Writes {@code defaults} to {@code quota_defaults}, in one transaction. */
  public static void apply(DatabaseConfig database, Map<String, Long> defaults) {
    if (defaults.isEmpty()) {
      return;
    }
    try (Connection c =
            DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
        PreparedStatement s =
            c.prepareStatement(
                "insert into quota_defaults (quota_key, quota_value) values (?, ?)"
                    + " on conflict (quota_key) do update set quota_value = excluded.quota_value")) {
      c.setAutoCommit(false);
      for (Map.Entry<String, Long> e : defaults.entrySet()) {
        s.setString(1, e.getKey());
        s.setLong(2, e.getValue());
        s.addBatch();
      }
      s.executeBatch();
      c.commit();
    } catch (SQLException e) {
      throw new IllegalStateException("could not write the quota defaults: " + e.getMessage(), e);
    }
  }
}
