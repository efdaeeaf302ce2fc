package dev.berth.dataplane.routes;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Everything the data plane knows about one serving endpoint: its variants by weight (both
 * generations while a blue/green update shifts traffic) and its shadow variants.
 */
public final class EndpointRoute {
  private final long endpointId;
  private final String account;
  private final String region;
  private final String name;
  private final List<VariantRoute> variants;
  private final double[] cumulative;
  private final List<VariantRoute> shadows;
  private final boolean multiModel;

  /**
   * @param variants the variants that answer callers
   * @param shadows the shadow variants, which get copies of requests
   */
  public EndpointRoute(
      long endpointId,
      String account,
      String region,
      String name,
      List<VariantRoute> variants,
      List<VariantRoute> shadows) {
    this.endpointId = endpointId;
    this.account = account;
    this.region = region;
    this.name = name;
    this.variants = List.copyOf(variants);
    this.shadows = List.copyOf(shadows);
    this.cumulative = new double[variants.size()];
    double total = 0;
    boolean anyMultiModel = false;
    for (int i = 0; i < variants.size(); i++) {
      total += Math.max(0, variants.get(i).weight());
      cumulative[i] = total;
      anyMultiModel |= variants.get(i).multiModel();
    }
    this.multiModel = anyMultiModel;
  }

  public long endpointId() {
    return endpointId;
  }

  public String account() {
    return account;
  }

  public String region() {
    return region;
  }

  /** The name in the case it was created with. */
  public String name() {
    return name;
  }

  /** The variants that answer callers. */
  public List<VariantRoute> variants() {
    return variants;
  }

  /** The shadow variants. */
  public List<VariantRoute> shadows() {
    return shadows;
  }

  /** True when the endpoint serves many models ({@code X-Amzn-SageMaker-Target-Model}). */
  public boolean multiModel() {
    return multiModel;
  }

  /** A variant picked by weight; with every weight 0, any variant. Null when there is none. */
  public VariantRoute pickVariant() {
    int n = variants.size();
    if (n == 0) {
      return null;
    }
    if (n == 1) {
      return variants.get(0);
    }
    double total = cumulative[n - 1];
    if (total <= 0) {
      return variants.get(ThreadLocalRandom.current().nextInt(n));
    }
    double x = ThreadLocalRandom.current().nextDouble(total);
    for (int i = 0; i < n; i++) {
      if (x < cumulative[i]) {
        return variants.get(i);
      }
    }
    return variants.get(n - 1);
  }

  /**
   * The variant named {@code variantName} ({@code X-Amzn-SageMaker-Target-Variant}, matched
   * exactly); during a blue/green update, one of the two generations' by their shares. Null when
   * the endpoint has no such variant.
   */
  public VariantRoute pickVariant(String variantName) {
    List<VariantRoute> named = new ArrayList<>(2);
    double total = 0;
    for (VariantRoute v : variants) {
      if (v.variantName().equals(variantName)) {
        named.add(v);
        total += Math.max(0, v.weight());
      }
    }
    if (named.size() <= 1) {
      return named.isEmpty() ? null : named.get(0);
    }
    double x = total <= 0 ? 0 : ThreadLocalRandom.current().nextDouble(total);
    for (VariantRoute v : named) {
      x -= Math.max(0, v.weight());
      if (x < 0) {
        return v;
      }
    }
    return named.get(named.size() - 1);
  }
}
