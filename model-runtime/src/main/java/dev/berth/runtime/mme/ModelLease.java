package dev.berth.runtime.mme;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A model pinned for one call: while any lease on it is open, the model is not closed, even when it
 * is evicted or unloaded meanwhile (it is closed when the last lease closes). Close it exactly when
 * the call has been answered; closing twice is harmless.
 *
 * <pre>{@code
 * try (ModelLease<InferenceModel> lease = result.lease()) {
 *   lease.model().predict(inputs).join();
 * }
 * }</pre>
 *
 * @param <M> the loaded model
 */
public final class ModelLease<M extends AutoCloseable> implements AutoCloseable {
  private final ModelRegistry<M> registry;
  private final ModelRegistry.Entry<M> entry;
  private final AtomicBoolean closed = new AtomicBoolean();

  ModelLease(ModelRegistry<M> registry, ModelRegistry.Entry<M> entry) {
    this.registry = registry;
    this.entry = entry;
  }

  /** The model's name. */
  public String name() {
    return entry.name();
  }

  /** The loaded model. */
  public M model() {
    return entry.model();
  }

  /** Releases the model; with {@link ModelCacheSetting#DISABLED}, the last release unloads it. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      registry.release(entry);
    }
  }
}
