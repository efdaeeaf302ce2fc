package dev.berth.controlplane.auth;

import dev.berth.controlplane.persistence.AccessKeyEntity;
import io.smallrye.mutiny.Uni;
import java.security.SecureRandom;
import java.util.Collection;
import org.hibernate.reactive.mutiny.Mutiny;

/** Creates accounts and access keys: for {@code berth keys create} and for bootstrap keys. */
public final class AccessKeyIssuer {
  private static final String KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  private static final String SECRET_ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  private final SecureRandom random = new SecureRandom();

  /** Issues a fresh key for {@code account} (created if new), shaped like an AWS key pair. */
  public Uni<AccessKey> issue(
      Mutiny.Session session, String account, Collection<String> actions, boolean admin) {
    AccessKey key =
        new AccessKey(
            "BKIA" + randomText(KEY_ALPHABET, 16),
            randomText(SECRET_ALPHABET, 40),
            account,
            java.util.Set.copyOf(actions),
            admin);
    return store(session, key).replaceWith(key);
  }

  /** Makes sure {@code key} exists exactly as given (bootstrap keys from configuration). */
  public Uni<Void> ensure(Mutiny.Session session, AccessKey key) {
    return session
        .find(AccessKeyEntity.class, key.accessKeyId())
        .chain(
            existing -> {
              if (existing == null) {
                return store(session, key);
              }
              if (!existing.accountId.equals(key.account())) {
                throw new IllegalStateException(
                    "access key "
                        + key.accessKeyId()
                        + " already belongs to account "
                        + existing.accountId);
              }
              existing.secretAccessKey = key.secretAccessKey();
              existing.admin = key.admin();
              existing.allowedActions = null;
              return Uni.createFrom().voidItem();
            });
  }

  private Uni<Void> store(Mutiny.Session session, AccessKey key) {
    AccessKeyEntity row = new AccessKeyEntity();
    row.accessKeyId = key.accessKeyId();
    row.secretAccessKey = key.secretAccessKey();
    row.accountId = key.account();
    row.allowedActions =
        key.allowedActions().isEmpty() ? null : String.join(",", key.allowedActions());
    row.admin = key.admin();
    return ensureAccount(session, key.account()).chain(() -> session.persist(row));
  }

  /** Creates the account row if it does not exist yet (idempotent under concurrency). */
  public static Uni<Void> ensureAccount(Mutiny.Session session, String account) {
    return session
        .createNativeQuery("insert into accounts (id) values (:id) on conflict (id) do nothing")
        .setParameter("id", account)
        .executeUpdate()
        .replaceWithVoid();
  }

  private String randomText(String alphabet, int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return out.toString();
  }
}
