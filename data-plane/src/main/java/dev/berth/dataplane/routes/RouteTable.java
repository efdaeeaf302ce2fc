package dev.berth.dataplane.routes;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The serving endpoints, by account, region and exact name. Immutable: a refresh builds a new table
 * and swaps it in whole, so the hot path reads it without a lock.
 */
public final class RouteTable {
  /** No endpoint at all: what the data plane serves before its first load. */
  public static final RouteTable EMPTY = new RouteTable(Map.of());

  private final Map<Long, EndpointRoute> byId;
  private final Map<Key, EndpointRoute> byName;

  private record Key(String account, String region, String name) {}

  private RouteTable(Map<Long, EndpointRoute> byId) {
    this.byId = byId;
    Map<Key, EndpointRoute> names = new HashMap<>(byId.size() * 2);
    for (EndpointRoute route : byId.values()) {
      names.put(new Key(route.account(), route.region(), route.name()), route);
    }
    this.byName = names;
  }

  /**
   * The endpoint {@code name} (case-sensitive, spec §9.3) of {@code account} in {@code region}, or
   * null when it is not serving.
   */
  public EndpointRoute find(String account, String region, String name) {
    return byName.get(new Key(account, region, name));
  }

  /** Every serving endpoint. */
  public Collection<EndpointRoute> endpoints() {
    return byId.values();
  }

  /** How many endpoints are serving. */
  public int size() {
    return byId.size();
  }

  /** Every instance of the table, by address. */
  public Map<String, Instance> instances() {
    Map<String, Instance> all = new HashMap<>();
    for (EndpointRoute e : byId.values()) {
      for (VariantRoute v : e.variants()) {
        v.instances().forEach(i -> all.put(i.address(), i));
      }
      for (VariantRoute v : e.shadows()) {
        v.instances().forEach(i -> all.put(i.address(), i));
      }
    }
    return all;
  }

  /** A whole table from {@code rows}, keeping this table's {@link Instance} objects. */
  public RouteTable rebuiltFrom(List<RouteRow> rows) {
    return new RouteTable(build(rows, instances()));
  }

  /**
   * This table with the endpoints {@code endpointIds} replaced by what {@code rows} (rows of those
   * endpoints only) say now; an endpoint without rows is no longer serving.
   */
  public RouteTable replacing(Set<Long> endpointIds, List<RouteRow> rows) {
    Map<Long, EndpointRoute> next = new LinkedHashMap<>(byId);
    endpointIds.forEach(next::remove);
    next.putAll(build(rows, instances()));
    return new RouteTable(next);
  }

  private static Map<Long, EndpointRoute> build(List<RouteRow> rows, Map<String, Instance> known) {
    Map<Long, List<RouteRow>> byEndpoint = new LinkedHashMap<>();
    for (RouteRow row : rows) {
      byEndpoint.computeIfAbsent(row.endpointId(), id -> new ArrayList<>()).add(row);
    }
    Map<Long, EndpointRoute> routes = new LinkedHashMap<>();
    for (Map.Entry<Long, List<RouteRow>> e : byEndpoint.entrySet()) {
      List<VariantRoute> variants = new ArrayList<>();
      List<VariantRoute> shadows = new ArrayList<>();
      RouteRow first = e.getValue().get(0);
      for (RouteRow row : e.getValue()) {
        List<Instance> instances = new ArrayList<>(row.instances().size());
        for (String address : row.instances()) {
          instances.add(known.computeIfAbsent(address, Instance::at));
        }
        VariantRoute variant =
            new VariantRoute(
                row.variantName(),
                row.configId(),
                row.trafficShare() * row.variantWeight(),
                row.routingStrategy(),
                row.multiModel(),
                instances);
        (row.shadow() ? shadows : variants).add(variant);
      }
      routes.put(
          e.getKey(),
          new EndpointRoute(
              e.getKey(),
              first.account(),
              first.region(),
              first.endpointName(),
              variants,
              shadows));
    }
    return routes;
  }
}
