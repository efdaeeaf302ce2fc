package dev.berth.dataplane.auth;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Where the data plane finds access keys: in memory first, in PostgreSQL when not. */
public interface KeyDirectory {
  /** The key if it is held in memory, else null (then {@link #lookup}). */
  AccessKey cached(String accessKeyId);

  /** Looks a key up off the event loop; completes with empty when it does not exist. */
  CompletableFuture<Optional<AccessKey>> lookup(String accessKeyId);
}
