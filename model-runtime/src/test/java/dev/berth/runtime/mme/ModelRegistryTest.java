package dev.berth.runtime.mme;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The registry alone, with a fake store: LRU order, the budget, leases, and the outcomes. */
class ModelRegistryTest {
  private final FakeStore store = new FakeStore();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private ExecutorService pool;

  @AfterEach
  void stopPool() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  @Test
  void aModelIsLoadedOnFirstUseAndServedFromTheCacheAfter() {
    store.add("a", 100);
    ModelRegistry<FakeModel> models = registry(1000, ModelCacheSetting.ENABLED);

    LoadResult<FakeModel> first = models.use("a", "a").join();
    first.lease().close();
    LoadResult<FakeModel> second = models.use("a", "a").join();
    second.lease().close();

    assertThat(first.status()).isEqualTo(LoadStatus.READY);
    assertThat(second.lease().model()).isSameAs(first.lease().model());
    assertThat(store.loads("a")).isEqualTo(1);
    assertThat(models.loadedCount()).isEqualTo(1);
    assertThat(models.usedBytes()).isEqualTo(100);
  }

  @Test
  void theLeastRecentlyUsedModelIsEvictedToMakeRoom() {
    store.add("a", 100).add("b", 100).add("c", 100).add("d", 100);
    ModelRegistry<FakeModel> models = registry(300, ModelCacheSetting.ENABLED);
    FakeModel a = use(models, "a");
    FakeModel b = use(models, "b");
    use(models, "c");
    use(models, "a"); // a is now more recent than b

    use(models, "d");

    assertThat(models.evictionOrder()).containsExactly("c", "a", "d");
    assertThat(b.closed()).isTrue();
    assertThat(a.closed()).isFalse();
    assertThat(models.usedBytes()).isEqualTo(300);
    assertThat(meters.counter("berth.runtime.mme.evictions").count()).isEqualTo(1);
  }

  @Test
  void asManyModelsAsNeededAreEvictedForALargeOne() {
    store.add("a", 100).add("b", 100).add("c", 100).add("big", 250);
    ModelRegistry<FakeModel> models = registry(300, ModelCacheSetting.ENABLED);
    use(models, "a");
    use(models, "b");
    use(models, "c");

    use(models, "big");

    assertThat(models.evictionOrder()).containsExactly("big");
  }

  @Test
  void theFootprintIsTheDiskSizeTimesTheFactor() {
    store.add("a", 100).add("b", 100);
    ModelRegistry<FakeModel> models =
        new ModelRegistry<>(
            store, new MemoryBudget(350, 2.0), ModelCacheSetting.ENABLED, Runnable::run, meters);
    use(models, "a");
    use(models, "b");

    assertThat(models.list()).extracting(LoadedModel::footprintBytes).containsOnly(200L);
    assertThat(models.evictionOrder()).containsExactly("b");
  }

  @Test
  void aModelLargerThanTheWholeBudgetIsNotEnoughMemoryAndEvictsNothing() {
    store.add("a", 100).add("huge", 1001);
    ModelRegistry<FakeModel> models = registry(1000, ModelCacheSetting.ENABLED);
    use(models, "a");

    LoadResult<FakeModel> result = models.use("huge", "huge").join();

    assertThat(result.status()).isEqualTo(LoadStatus.NOT_ENOUGH_MEMORY);
    assertThat(result.lease()).isNull();
    assertThat(result.message()).contains("huge", "1001", "1000");
    assertThat(models.evictionOrder()).containsExactly("a");
    assertThat(store.loads("huge")).isZero();
    assertThat(loads("not_enough_memory")).isEqualTo(1);
  }

  @Test
  void concurrentFirstUsesOfOneModelLoadItOnce() throws Exception {
    pool = Executors.newFixedThreadPool(4);
    store.add("a", 100);
    store.gate = new CountDownLatch(1);
    ModelRegistry<FakeModel> models =
        new ModelRegistry<>(
            store, new MemoryBudget(1000, 1.0), ModelCacheSetting.ENABLED, pool, meters);
    List<CompletableFuture<LoadResult<FakeModel>>> uses = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      uses.add(models.use("a", "a"));
    }
    store.gate.countDown();

    for (CompletableFuture<LoadResult<FakeModel>> use : uses) {
      LoadResult<FakeModel> result = use.get(10, TimeUnit.SECONDS);
      assertThat(result.status()).isEqualTo(LoadStatus.READY);
      assertThat(result.lease().model()).isSameAs(uses.get(0).join().lease().model());
    }
    assertThat(store.loads("a")).isEqualTo(1);
    assertThat(loads("ready")).isEqualTo(1);
  }

  @Test
  void withTheCacheDisabledTheLastCallUnloadsTheModel() {
    store.add("a", 100);
    ModelRegistry<FakeModel> models = registry(1000, ModelCacheSetting.DISABLED);
    LoadResult<FakeModel> first = models.use("a", "a").join();
    LoadResult<FakeModel> second = models.use("a", "a").join();

    first.lease().close();
    assertThat(first.lease().model().closed()).isFalse();
    second.lease().close();

    assertThat(first.lease().model().closed()).isTrue();
    assertThat(models.loadedCount()).isZero();
    assertThat(models.usedBytes()).isZero();
    use(models, "a");
    assertThat(store.loads("a")).isEqualTo(2);
  }

  @Test
  void anEvictedModelStillInUseIsClosedOnlyWhenItsCallEnds() {
    store.add("a", 100).add("b", 100);
    ModelRegistry<FakeModel> models = registry(150, ModelCacheSetting.ENABLED);
    ModelLease<FakeModel> held = models.use("a", "a").join().lease();

    use(models, "b");

    assertThat(models.evictionOrder()).containsExactly("b");
    assertThat(held.model().closed()).isFalse();
    held.close();
    held.close(); // twice is harmless
    assertThat(held.model().closed()).isTrue();
    assertThat(held.model().closes.get()).isEqualTo(1);
  }

  @Test
  void anExplicitLoadOfALoadedModelIsAlreadyLoaded() {
    store.add("a", 100);
    ModelRegistry<FakeModel> models = registry(1000, ModelCacheSetting.ENABLED);

    assertThat(models.load("a", "a").join().status()).isEqualTo(LoadStatus.READY);
    assertThat(models.load("a", "a").join().status()).isEqualTo(LoadStatus.ALREADY_LOADED);
    assertThat(models.describe("a")).contains(new LoadedModel("a", "a", 100));
  }

  @Test
  void unloadingClosesTheModelAndAnUnknownOneIsNotLoaded() {
    store.add("a", 100);
    ModelRegistry<FakeModel> models = registry(1000, ModelCacheSetting.ENABLED);
    FakeModel a = use(models, "a");

    assertThat(models.unload("a")).isTrue();
    assertThat(a.closed()).isTrue();
    assertThat(models.unload("a")).isFalse();
    assertThat(models.useLoaded("a")).isEmpty();
    assertThat(models.describe("a")).isEmpty();
  }

  @Test
  void useLoadedNeverLoads() {
    store.add("a", 100);
    ModelRegistry<FakeModel> models = registry(1000, ModelCacheSetting.ENABLED);

    assertThat(models.useLoaded("a")).isEmpty();
    assertThat(store.loads("a")).isZero();
    models.load("a", "a").join();
    assertThat(models.useLoaded("a")).isPresent();
  }

  @Test
  void aMissingModelIsNotFound() {
    ModelRegistry<FakeModel> models = registry(1000, ModelCacheSetting.ENABLED);

    LoadResult<FakeModel> result = models.use("ghost", "ghost").join();

    assertThat(result.status()).isEqualTo(LoadStatus.NOT_FOUND);
    assertThat(result.message()).contains("ghost");
  }

  @Test
  void aFailedLoadGivesItsMemoryBackAndCanBeRetried() {
    store.add("a", 600).add("b", 600);
    store.failing.add("a");
    ModelRegistry<FakeModel> models = registry(1000, ModelCacheSetting.ENABLED);

    LoadResult<FakeModel> failed = models.use("a", "a").join();
    assertThat(failed.status()).isEqualTo(LoadStatus.FAILED);
    assertThat(failed.message()).contains("corrupt");
    assertThat(models.usedBytes()).isZero();

    assertThat(models.use("b", "b").join().status()).isEqualTo(LoadStatus.READY);
    store.failing.clear();
    assertThat(models.use("a", "a").join().status()).isEqualTo(LoadStatus.READY);
  }

  @Test
  void closingTheRegistryClosesItsModelsAndRefusesNewUses() {
    store.add("a", 100);
    ModelRegistry<FakeModel> models = registry(1000, ModelCacheSetting.ENABLED);
    FakeModel a = use(models, "a");

    models.close();

    assertThat(a.closed()).isTrue();
    assertThat(models.use("a", "a").join().status()).isEqualTo(LoadStatus.FAILED);
  }

  @Test
  void theBudgetRejectsNonsense() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new MemoryBudget(0, 1.0))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new MemoryBudget(10, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ModelCacheSetting.parse("Disabled")).isEqualTo(ModelCacheSetting.DISABLED);
    assertThat(ModelCacheSetting.parse(null)).isEqualTo(ModelCacheSetting.ENABLED);
  }

  private ModelRegistry<FakeModel> registry(long budget, ModelCacheSetting setting) {
    // Runnable::run: loads and closes happen on the caller, so each step is done when it returns.
    return new ModelRegistry<>(
        store, new MemoryBudget(budget, 1.0), setting, Runnable::run, meters);
  }

  private static FakeModel use(ModelRegistry<FakeModel> models, String name) {
    LoadResult<FakeModel> result = models.use(name, name).join();
    assertThat(result.status()).as(result.message()).isEqualTo(LoadStatus.READY);
    result.lease().close();
    return result.lease().model();
  }

  private double loads(String outcome) {
    return meters.counter("berth.runtime.mme.loads", "outcome", outcome).count();
  }

  /** A model that only knows whether it was closed. */
  static final class FakeModel implements AutoCloseable {
    final AtomicInteger closes = new AtomicInteger();

    boolean closed() {
      return closes.get() > 0;
    }

    @Override
    public void close() {
      closes.incrementAndGet();
    }
  }

  /** Models by name with their size on disk; the url is the name. */
  static final class FakeStore implements ModelStore<FakeModel> {
    final Map<String, Long> sizes = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> loads = new ConcurrentHashMap<>();
    final java.util.Set<String> failing = ConcurrentHashMap.newKeySet();
    volatile CountDownLatch gate;

    FakeStore add(String name, long diskBytes) {
      sizes.put(name, diskBytes);
      return this;
    }

    int loads(String name) {
      AtomicInteger n = loads.get(name);
      return n == null ? 0 : n.get();
    }

    @Override
    public StagedModel stage(String name, String url) throws ModelNotFoundException {
      Long size = sizes.get(url);
      if (size == null) {
        throw new ModelNotFoundException("No model at " + url + ".");
      }
      return new StagedModel(null, size);
    }

    @Override
    public FakeModel load(String name, StagedModel staged) throws Exception {
      if (gate != null) {
        gate.await(10, TimeUnit.SECONDS);
      }
      loads.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
      if (failing.contains(name)) {
        throw new IllegalStateException("the model file is corrupt");
      }
      return new FakeModel();
    }
  }
}
