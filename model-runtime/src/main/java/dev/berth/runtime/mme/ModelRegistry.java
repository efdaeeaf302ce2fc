package dev.berth.runtime.mme;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models of a multi-model runtime, by name: each is loaded on first use, kept in a
 * least-recently-used cache bounded by a {@link MemoryBudget}, and evicted, least recently used
 * first, to make room for another.
 *
 * <pre>{@code
 * ModelRegistry<InferenceModel> models =
 *     new ModelRegistry<>(store, MemoryBudget.defaults(), ModelCacheSetting.ENABLED, loader, meters);
 * models.use("model-a.tar.gz", root.resolve("model-a.tar.gz")).thenAccept(result -> {
 *   if (result.ready()) {
 *     try (ModelLease<InferenceModel> lease = result.lease()) { ... }
 *   }
 * });
 * }</pre>
 *
 * <p>Never blocks its caller: a model not yet loaded is staged and loaded on {@code loader}, and
 * concurrent first uses of one model wait for that one load. A model's memory is estimated from its
 * size on disk before it is loaded; a model larger than the whole budget is refused with {@link
 * LoadStatus#NOT_ENOUGH_MEMORY}. Evicting or unloading a model that a call still holds (a {@link
 * ModelLease}) takes it out of the cache and the budget at once and closes it when the call ends,
 * so a call never sees its model closed under it. Models are closed on {@code loader} too, since
 * closing drains the model's queue. Thread-safe: one lock guards the cache and the budget, and no
 * model is staged, loaded or closed while it is held.
 *
 * @param <M> the loaded model; closing it frees its memory
 */
public final class ModelRegistry<M extends AutoCloseable> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ModelRegistry.class);

  private final ModelStore<M> store;
  private final MemoryBudget budget;
  private final ModelCacheSetting cacheSetting;
  private final Executor loader;
  private final RegistryMetrics metrics;

  // Guarded by this. Access order: iteration starts at the least recently used model.
  private final LinkedHashMap<String, Entry<M>> loaded = new LinkedHashMap<>(16, 0.75f, true);
  private final Map<String, Pending<M>> loading = new HashMap<>();
  private long usedBytes;
  private long reservedBytes;
  private boolean closed;

  /**
   * A registry loading with {@code store} on {@code loader} within {@code budget}, reporting to
   * {@code meters}.
   */
  public ModelRegistry(
      ModelStore<M> store,
      MemoryBudget budget,
      ModelCacheSetting cacheSetting,
      Executor loader,
      MeterRegistry meters) {
    this.store = Objects.requireNonNull(store, "store");
    this.budget = Objects.requireNonNull(budget, "budget");
    this.cacheSetting = Objects.requireNonNull(cacheSetting, "cacheSetting");
    this.loader = Objects.requireNonNull(loader, "loader");
    this.metrics = new RegistryMetrics(meters, this);
  }

  /**
   * A lease on model {@code name}, loading it from {@code url} first if it is not loaded: the path
   * of an invocation with a target model. When the result is {@link LoadStatus#READY}, the caller
   * owns its lease and must close it.
   */
  public CompletableFuture<LoadResult<M>> use(String name, String url) {
    Pending<M> pending;
    boolean start = false;
    synchronized (this) {
      if (closed) {
        return CompletableFuture.completedFuture(closedResult(name));
      }
      Entry<M> entry = loaded.get(name);
      if (entry != null) {
        entry.leases++;
        return CompletableFuture.completedFuture(
            LoadResult.ready(new ModelLease<>(this, entry), "Model " + name + " is loaded."));
      }
      pending = loading.get(name);
      if (pending == null) {
        pending = new Pending<>(url);
        loading.put(name, pending);
        start = true;
      }
      // Counted now, taken by the load itself, so no eviction can come between load and use.
      pending.waiters++;
    }
    if (start) {
      startLoad(name, pending);
    }
    return pending.done.thenApply(
        attempt ->
            attempt.entry == null
                ? LoadResult.of(attempt.status, attempt.message)
                : LoadResult.ready(new ModelLease<>(this, attempt.entry), attempt.message));
  }

  /**
   * Loads model {@code name} from {@code url} without using it: {@code POST /models}. {@link
   * LoadStatus#ALREADY_LOADED} when it is loaded, or being loaded, already.
   */
  public CompletableFuture<LoadResult<M>> load(String name, String url) {
    Pending<M> pending;
    synchronized (this) {
      if (closed) {
        return CompletableFuture.completedFuture(closedResult(name));
      }
      if (loaded.containsKey(name) || loading.containsKey(name)) {
        return CompletableFuture.completedFuture(
            LoadResult.of(LoadStatus.ALREADY_LOADED, "Model " + name + " is already loaded."));
      }
      pending = new Pending<>(url);
      loading.put(name, pending);
    }
    startLoad(name, pending);
    return pending.done.thenApply(attempt -> LoadResult.of(attempt.status, attempt.message));
  }

  /**
   * A lease on model {@code name} if it is loaded, without loading it: {@code POST
   * /models/{name}/invoke}. The caller must close the lease.
   */
  public synchronized Optional<ModelLease<M>> useLoaded(String name) {
    Entry<M> entry = closed ? null : loaded.get(name);
    if (entry == null) {
      return Optional.empty();
    }
    entry.leases++;
    return Optional.of(new ModelLease<>(this, entry));
  }

  /** Model {@code name} if it is loaded; does not count as a use. */
  public synchronized Optional<LoadedModel> describe(String name) {
    // get() would move the model in the LRU order; a description is not a use.
    for (Entry<M> entry : loaded.values()) {
      if (entry.name().equals(name)) {
        return Optional.of(entry.describe());
      }
    }
    return Optional.empty();
  }

  /** The loaded models, sorted by name. */
  public synchronized List<LoadedModel> list() {
    List<LoadedModel> models = new ArrayList<>(loaded.size());
    loaded.values().forEach(entry -> models.add(entry.describe()));
    models.sort(Comparator.comparing(LoadedModel::name));
    return models;
  }

  /** The loaded models, least recently used first: the order of eviction. */
  public synchronized List<String> evictionOrder() {
    return List.copyOf(loaded.keySet());
  }

  /** How many models are loaded. */
  public synchronized int loadedCount() {
    return loaded.size();
  }

  /** The memory the loaded models are charged, in bytes. */
  public synchronized long usedBytes() {
    return usedBytes;
  }

  /** The budget the registry keeps to. */
  public MemoryBudget budget() {
    return budget;
  }

  /**
   * Unloads model {@code name}: {@code DELETE /models/{name}}. False when it is not loaded. A call
   * still using it keeps it until the call ends.
   */
  public boolean unload(String name) {
    Entry<M> toClose;
    synchronized (this) {
      Entry<M> entry = loaded.get(name);
      if (entry == null) {
        return false;
      }
      toClose = remove(entry);
      metrics.unloaded();
    }
    LOG.info("Unloaded model {}", name);
    closeLater(toClose);
    return true;
  }

  /**
   * Closes every loaded model that no call holds now, on the calling thread (blocking); a held one
   * is closed when its last lease closes, and a load still running closes its model when it ends.
   * Uses and loads after this are refused.
   */
  @Override
  public void close() {
    List<Entry<M>> idle = new ArrayList<>();
    synchronized (this) {
      closed = true;
      for (Entry<M> entry : new ArrayList<>(loaded.values())) {
        Entry<M> now = remove(entry);
        if (now != null) {
          idle.add(now);
        }
      }
    }
    idle.forEach(ModelRegistry::closeModel);
    metrics.close();
  }

  /** A lease ended: with the cache disabled, the last one unloads the model. */
  void release(Entry<M> entry) {
    Entry<M> toClose = null;
    synchronized (this) {
      entry.leases--;
      if (entry.leases > 0) {
        return;
      }
      if (entry.removed) {
        toClose = entry;
      } else if (cacheSetting == ModelCacheSetting.DISABLED) {
        toClose = remove(entry);
        metrics.unloaded();
      }
    }
    closeLater(toClose);
  }

  private void startLoad(String name, Pending<M> pending) {
    try {
      loader.execute(() -> loadNow(name, pending));
    } catch (RejectedExecutionException e) {
      finish(name, pending, LoadStatus.FAILED, "No loader is free to load model " + name + ".");
    }
  }

  /** Stages, makes room, loads: runs on the loader. Always completes {@code pending}. */
  private void loadNow(String name, Pending<M> pending) {
    long start = System.nanoTime();
    StagedModel staged;
    try {
      staged = store.stage(name, pending.url);
    } catch (ModelNotFoundException e) {
      finish(name, pending, LoadStatus.NOT_FOUND, e.getMessage());
      return;
    } catch (Exception | LinkageError e) {
      finish(name, pending, LoadStatus.FAILED, "Could not fetch model " + name + ": " + reason(e));
      return;
    }
    long footprint = budget.footprint(staged.diskBytes());
    List<Entry<M>> evicted = new ArrayList<>();
    String refusal = reserve(name, staged, footprint, evicted);
    // Closed here, before loading, so their memory is free again when the new model takes it.
    evicted.forEach(ModelRegistry::closeModel);
    if (refusal != null) {
      finish(name, pending, LoadStatus.NOT_ENOUGH_MEMORY, refusal);
      return;
    }
    M model;
    try {
      model = store.load(name, staged);
    } catch (Exception | LinkageError e) {
      synchronized (this) {
        reservedBytes -= footprint;
      }
      finish(name, pending, LoadStatus.FAILED, "Could not load model " + name + ": " + reason(e));
      return;
    }
    admit(name, pending, model, footprint, System.nanoTime() - start);
  }

  /**
   * Reserves {@code footprint} bytes, evicting least recently used models into {@code evicted} as
   * needed; returns why it cannot, or null.
   */
  private synchronized String reserve(
      String name, StagedModel staged, long footprint, List<Entry<M>> evicted) {
    if (footprint > budget.bytes()) {
      return "Model "
          + name
          + " needs about "
          + footprint
          + " bytes of memory ("
          + staged.diskBytes()
          + " bytes on disk × "
          + budget.footprintFactor()
          + "), more than the whole memory budget of "
          + budget.bytes()
          + " bytes.";
    }
    Iterator<Entry<M>> lru = loaded.values().iterator();
    while (usedBytes + reservedBytes + footprint > budget.bytes() && lru.hasNext()) {
      Entry<M> victim = lru.next();
      lru.remove();
      usedBytes -= victim.footprint;
      victim.removed = true;
      metrics.evicted();
      LOG.info("Evicted model {} to make room for {}", victim.name(), name);
      if (victim.leases == 0) {
        evicted.add(victim);
      }
    }
    if (usedBytes + reservedBytes + footprint > budget.bytes()) {
      return "Model "
          + name
          + " needs about "
          + footprint
          + " bytes of memory, and models being loaded hold the rest of the budget of "
          + budget.bytes()
          + " bytes; try again.";
    }
    reservedBytes += footprint;
    return null;
  }

  private void admit(String name, Pending<M> pending, M model, long footprint, long nanos) {
    Entry<M> entry = new Entry<>(name, pending.url, model, footprint);
    boolean refused;
    synchronized (this) {
      reservedBytes -= footprint;
      loading.remove(name);
      refused = closed;
      if (!refused) {
        loaded.put(name, entry);
        usedBytes += footprint;
        entry.leases = pending.waiters;
      }
    }
    if (refused) {
      closeModel(entry);
      metrics.loadFailed(LoadStatus.FAILED);
      pending.done.complete(new Attempt<>(LoadStatus.FAILED, null, "The runtime is stopping."));
      return;
    }
    metrics.loaded(nanos);
    LOG.info("Loaded model {} from {} in {} ms", name, pending.url, nanos / 1_000_000);
    // Completed outside the lock: callers' continuations run on this thread.
    pending.done.complete(new Attempt<>(LoadStatus.READY, entry, "Model " + name + " loaded."));
  }

  private void finish(String name, Pending<M> pending, LoadStatus status, String message) {
    synchronized (this) {
      loading.remove(name);
    }
    metrics.loadFailed(status);
    LOG.warn("Model {} not loaded ({}): {}", name, status, message);
    pending.done.complete(new Attempt<>(status, null, message));
  }

  /** Takes {@code entry} out of the cache and the budget; returns it if it can be closed now. */
  private Entry<M> remove(Entry<M> entry) {
    loaded.remove(entry.name());
    usedBytes -= entry.footprint;
    entry.removed = true;
    return entry.leases == 0 ? entry : null;
  }

  private void closeLater(Entry<M> entry) {
    if (entry == null) {
      return;
    }
    try {
      loader.execute(() -> closeModel(entry));
    } catch (RejectedExecutionException e) {
      closeModel(entry);
    }
  }

  private static void closeModel(Entry<?> entry) {
    try {
      entry.model().close();
    } catch (Exception e) {
      LOG.warn("Model {} did not unload cleanly", entry.name(), e);
    }
  }

  private LoadResult<M> closedResult(String name) {
    return LoadResult.of(
        LoadStatus.FAILED, "The runtime is stopping; model " + name + " is not loaded.");
  }

  private static String reason(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  /**
   * A loaded model, with the leases on it; fields other than the final ones guarded by the
   * registry.
   */
  static final class Entry<M extends AutoCloseable> {
    private final String name;
    private final String url;
    private final M model;
    private final long footprint;
    private int leases;
    private boolean removed;

    Entry(String name, String url, M model, long footprint) {
      this.name = name;
      this.url = url;
      this.model = model;
      this.footprint = footprint;
    }

    String name() {
      return name;
    }

    M model() {
      return model;
    }

    LoadedModel describe() {
      return new LoadedModel(name, url, footprint);
    }
  }

  /** A load in progress and the uses waiting for it; {@code waiters} guarded by the registry. */
  private static final class Pending<M extends AutoCloseable> {
    final String url;
    final CompletableFuture<Attempt<M>> done = new CompletableFuture<>();
    int waiters;

    Pending(String url) {
      this.url = url;
    }
  }

  /** How one load ended; {@code entry} is set when it succeeded. */
  private record Attempt<M extends AutoCloseable>(
      LoadStatus status, Entry<M> entry, String message) {}
}
