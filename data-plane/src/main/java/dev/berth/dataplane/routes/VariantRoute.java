package dev.berth.dataplane.routes;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where one production variant of one generation sends its requests, and how it picks among its
 * instances.
 *
 * @param variantName the variant, as {@code x-Amzn-Invoked-Production-Variant} names it
 * @param configId the generation's configuration
 * @param weight its share of the endpoint's traffic (generation share × variant weight)
 * @param strategy how its instances share requests
 * @param multiModel true when the instances serve many models
 * @param instances its ready instances
 */
public record VariantRoute(
    String variantName,
    long configId,
    double weight,
    RoutingStrategy strategy,
    boolean multiModel,
    List<Instance> instances) {

  public VariantRoute {
    instances = List.copyOf(instances);
  }

  /**
   * An instance for the next request, counted as in flight on it, or null when every instance other
   * than {@code avoid} is benched or already has {@code maxInFlight} requests.
   *
   * @param avoid an instance that just failed this request, or null
   */
  public Instance acquireInstance(Instance avoid, int maxInFlight) {
    int n = instances.size();
    if (n == 0) {
      return null;
    }
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int a = random.nextInt(n);
    Instance first = instances.get(a);
    if (n > 1 && strategy == RoutingStrategy.LEAST_OUTSTANDING_REQUESTS) {
      int b = random.nextInt(n - 1);
      Instance second = instances.get(b >= a ? b + 1 : b);
      if (better(second, first, avoid)) {
        first = second;
      }
    }
    if (usable(first, avoid) && first.tryAcquire(maxInFlight)) {
      return first;
    }
    // The pick is benched, failed or full: take the least loaded of the others.
    Instance best = null;
    for (Instance candidate : instances) {
      if (usable(candidate, avoid)
          && (best == null || candidate.outstanding() < best.outstanding())) {
        best = candidate;
      }
    }
    return best != null && best.tryAcquire(maxInFlight) ? best : null;
  }

  private static boolean usable(Instance instance, Instance avoid) {
    return instance != avoid && !instance.benched();
  }

  private static boolean better(Instance a, Instance b, Instance avoid) {
    boolean aUsable = usable(a, avoid);
    if (aUsable != usable(b, avoid)) {
      return aUsable;
    }
    return a.outstanding() < b.outstanding();
  }
}
