package dev.berth.controlplane.orchestrator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * An in-memory orchestrator for reconciler tests: instances become ready {@link #readyAfter} after
 * they are created, unless a rule says they fail. It keeps count of what it was asked, so tests can
 * check that nothing ran twice. Not a stand-in for the real ones: those have their own tests (local
 * processes, Fabric8's mock server).
 */
public final class FakeOrchestrator implements Orchestrator {
  private final Map<FleetId, FakeFleet> fleets = new ConcurrentHashMap<>();
  private final List<Consumer<FleetId>> listeners = new CopyOnWriteArrayList<>();
  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final AtomicInteger instancesStarted = new AtomicInteger();
  private final AtomicInteger fleetsCreated = new AtomicInteger();
  private volatile Duration readyAfter = Duration.ofMillis(50);
  private volatile boolean unavailable;

  private record Rule(Predicate<FleetSpec> when, InstancePhase phase, String detail) {}

  private static final class FakeFleet {
    final FleetSpec spec;
    final List<long[]> startedAt = new ArrayList<>();

    FakeFleet(FleetSpec spec) {
      this.spec = spec;
    }
  }

  /** Instances answer /ping this long after they start. */
  public FakeOrchestrator readyAfter(Duration d) {
    readyAfter = d;
    return this;
  }

  /** Instances of matching fleets end in {@code phase} with {@code detail}. */
  public FakeOrchestrator failWhen(Predicate<FleetSpec> when, InstancePhase phase, String detail) {
    rules.add(new Rule(when, phase, detail));
    return this;
  }

  /** Every call fails with a transient error while set (an API server that is down). */
  public void unavailable(boolean down) {
    unavailable = down;
  }

  /** How many instances were ever started. */
  public int instancesStarted() {
    return instancesStarted.get();
  }

  /** How many fleets were ever created. */
  public int fleetsCreated() {
    return fleetsCreated.get();
  }

  /** The spec a fleet runs, if it exists. */
  public Optional<FleetSpec> spec(FleetId id) {
    FakeFleet f = fleets.get(id);
    return f == null ? Optional.empty() : Optional.of(f.spec);
  }

  @Override
  public String name() {
    return "fake";
  }

  @Override
  public void apply(FleetSpec spec) throws OrchestratorException {
    check();
    FakeFleet fleet =
        fleets.compute(
            spec.id(),
            (id, old) -> {
              FakeFleet f = new FakeFleet(spec);
              if (old == null) {
                fleetsCreated.incrementAndGet();
              } else {
                f.startedAt.addAll(old.startedAt);
              }
              return f;
            });
    synchronized (fleet) {
      while (fleet.startedAt.size() > spec.instanceCount()) {
        fleet.startedAt.remove(fleet.startedAt.size() - 1);
      }
      while (fleet.startedAt.size() < spec.instanceCount()) {
        fleet.startedAt.add(new long[] {System.nanoTime(), instancesStarted.incrementAndGet()});
        timer.schedule(() -> fire(spec.id()), readyAfter.toMillis() + 1, TimeUnit.MILLISECONDS);
      }
    }
  }

  @Override
  public FleetStatus observe(FleetId id) throws OrchestratorException {
    check();
    FakeFleet fleet = fleets.get(id);
    if (fleet == null) {
      return FleetStatus.absent(id);
    }
    Optional<Rule> rule = rules.stream().filter(r -> r.when().test(fleet.spec)).findFirst();
    List<InstanceState> instances = new ArrayList<>();
    synchronized (fleet) {
      for (long[] started : fleet.startedAt) {
        String name = id.name() + "-" + started[1];
        boolean up = System.nanoTime() - started[0] >= readyAfter.toNanos();
        InstancePhase phase =
            rule.map(Rule::phase).orElse(up ? InstancePhase.READY : InstancePhase.STARTING);
        instances.add(
            new InstanceState(
                name,
                Optional.of("10.0.0." + (started[1] % 250) + ":8080"),
                phase,
                rule.map(Rule::detail).orElse(""),
                phase == InstancePhase.CRASH_LOOPING ? 3 : 0));
      }
    }
    return new FleetStatus(id, true, instances);
  }

  @Override
  public boolean remove(FleetId id) throws OrchestratorException {
    check();
    fleets.remove(id);
    return true;
  }

  @Override
  public Set<FleetId> fleets() throws OrchestratorException {
    check();
    return Set.copyOf(fleets.keySet());
  }

  @Override
  public void onChange(Consumer<FleetId> listener) {
    listeners.add(listener);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }

  private void fire(FleetId id) {
    listeners.forEach(l -> l.accept(id));
  }

  private void check() throws OrchestratorException {
    if (unavailable) {
      throw OrchestratorException.transientFailure("the fake API server is down", null);
    }
  }
}
