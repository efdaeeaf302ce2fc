package dev.berth.runtime.mme;

import java.util.Locale;

/** SageMaker's {@code MultiModelConfig.ModelCacheSetting}: whether models stay loaded. */
public enum ModelCacheSetting {
  /** Models stay loaded after a call until evicted for room or unloaded: the default. */
  ENABLED,
  /** Each model is unloaded once its last in-flight call ends, so every call loads it again. */
  DISABLED;

  /**
   * {@code Enabled} or {@code Disabled} (any case), as SageMaker spells it; null or blank is {@link
   * #ENABLED}.
   */
  public static ModelCacheSetting parse(String text) {
    if (text == null || text.isBlank()) {
      return ENABLED;
    }
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "The model cache setting must be Enabled or Disabled, got '" + text + "'");
    }
  }
}
