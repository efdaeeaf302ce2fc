package dev.berth.controlplane.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.controlplane.persistence.EndpointConfigEntity;
import io.smallrye.mutiny.Uni;
import java.util.concurrent.ConcurrentHashMap;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Endpoint configurations by id, cached: DescribeEndpoint needs its configuration on every call,
 * and configurations are immutable (the database refuses any change to a definition), so a cached
 * copy can never be stale. A deleted configuration is never looked up: no endpoint refers to it.
 */
final class ConfigDefinitions {
  private static final int MAX_ENTRIES = 10_000;

  /**
   * What DescribeEndpoint needs of a configuration.
   *
   * @param name the configuration's name
   * @param definition its members, variant defaults applied; callers must not modify it
   */
  record Config(String name, ObjectNode definition) {}

  private final ConcurrentHashMap<Long, Config> cache = new ConcurrentHashMap<>();

  /** The configuration with this id (which an endpoint references, so it exists). */
  Uni<Config> get(Mutiny.Session session, long id) {
    Config cached = cache.get(id);
    if (cached != null) {
      return Uni.createFrom().item(cached);
    }
    return session.find(EndpointConfigEntity.class, id).map(this::remember);
  }

  /** Caches a row just read or written. */
  Config remember(EndpointConfigEntity row) {
    Config config = new Config(row.name, EndpointConfigOperations.definition(row));
    if (cache.size() >= MAX_ENTRIES) {
      cache.clear();
    }
    cache.put(row.id, config);
    return config;
  }
}
