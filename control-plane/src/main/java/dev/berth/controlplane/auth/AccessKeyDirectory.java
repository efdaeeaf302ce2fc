package dev.berth.controlplane.auth;

import dev.berth.awswire.iam.ActionAllowList;
import dev.berth.controlplane.persistence.AccessKeyEntity;
import io.smallrye.mutiny.Uni;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Looks access keys up in PostgreSQL, with a short-lived cache in front: every request needs its
 * key, and a database round trip per request would halve the control plane's throughput. Keys are
 * only ever added, so a stale entry can only be a miss that turns into a hit a moment later.
 */
public final class AccessKeyDirectory {
  private static final long HIT_TTL_NANOS = 30_000_000_000L;
  private static final long MISS_TTL_NANOS = 1_000_000_000L;
  private static final int MAX_ENTRIES = 10_000;

  private final Mutiny.SessionFactory sessions;
  private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();

  private record Entry(Optional<AccessKey> key, long expiresAtNanos) {}

  public AccessKeyDirectory(Mutiny.SessionFactory sessions) {
    this.sessions = sessions;
  }

  /** The key with this id, if it exists. */
  public Uni<Optional<AccessKey>> find(String accessKeyId) {
    Entry cached = cache.get(accessKeyId);
    long now = System.nanoTime();
    if (cached != null && now - cached.expiresAtNanos < 0) {
      return Uni.createFrom().item(cached.key);
    }
    return sessions
        .withSession(session -> session.find(AccessKeyEntity.class, accessKeyId))
        .map(
            row -> {
              Optional<AccessKey> key =
                  Optional.ofNullable(row)
                      .map(
                          r ->
                              new AccessKey(
                                  r.accessKeyId,
                                  r.secretAccessKey,
                                  r.accountId,
                                  ActionAllowList.parse(r.allowedActions),
                                  r.admin));
              if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
              }
              long ttl = key.isPresent() ? HIT_TTL_NANOS : MISS_TTL_NANOS;
              cache.put(accessKeyId, new Entry(key, System.nanoTime() + ttl));
              return key;
            });
  }

  /** Forgets a cached miss, so a key created by this process is usable at once. */
  public void invalidate(String accessKeyId) {
    cache.remove(accessKeyId);
  }
}
