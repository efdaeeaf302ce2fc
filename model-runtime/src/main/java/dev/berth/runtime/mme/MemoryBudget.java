package dev.berth.runtime.mme;

/**
 * How much memory the models of one runtime may take together, and how a model's memory is
 * estimated before it is loaded: its size on disk times {@code footprintFactor} (engines hold the
 * weights plus buffers and arenas, so a model takes more memory than its files).
 *
 * <p>Usage: {@code new MemoryBudget(8L << 30, 1.5).footprint(diskBytes)}.
 *
 * @param bytes the most memory all loaded models may take together
 * @param footprintFactor memory per byte on disk
 */
public record MemoryBudget(long bytes, double footprintFactor) {

  /** Memory per byte on disk when nothing else is configured. */
  public static final double DEFAULT_FOOTPRINT_FACTOR = 1.5;

  public MemoryBudget {
    if (bytes <= 0) {
      throw new IllegalArgumentException("The memory budget must be positive, got " + bytes);
    }
    if (!(footprintFactor > 0) || Double.isInfinite(footprintFactor)) {
      throw new IllegalArgumentException(
          "The footprint factor must be a positive number, got " + footprintFactor);
    }
  }

  /** Half of the JVM's maximum heap, with the default factor. */
  public static MemoryBudget defaults() {
    return new MemoryBudget(Runtime.getRuntime().maxMemory() / 2, DEFAULT_FOOTPRINT_FACTOR);
  }

  /** The memory a model with {@code diskBytes} on disk is expected to take. */
  public long footprint(long diskBytes) {
    double estimate = Math.ceil(diskBytes * footprintFactor);
    return estimate >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) estimate;
  }
}
