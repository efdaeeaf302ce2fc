package dev.berth.runtime.mme;

import java.util.Objects;

/**
 * The outcome of {@link ModelRegistry#use} or {@link ModelRegistry#load}, interpreted by the caller
 * (the server maps each {@link LoadStatus} to an HTTP status in one place).
 *
 * @param status how it ended
 * @param lease for a {@link LoadStatus#READY} use, the lease the caller must close; else null
 * @param message a sentence for the caller
 * @param <M> the loaded model
 */
public record LoadResult<M extends AutoCloseable>(
    LoadStatus status, ModelLease<M> lease, String message) {

  public LoadResult {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(message, "message");
  }

  static <M extends AutoCloseable> LoadResult<M> ready(ModelLease<M> lease, String message) {
    return new LoadResult<>(LoadStatus.READY, lease, message);
  }

  static <M extends AutoCloseable> LoadResult<M> of(LoadStatus status, String message) {
    return new LoadResult<>(status, null, message);
  }

  /** Whether the model is loaded. */
  public boolean ready() {
    return status == LoadStatus.READY;
  }
}
