package dev.berth.runtime.engine;

import dev.berth.runtime.batch.BatchPolicy;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A model's DJL Serving-style {@code serving.properties}: {@code engine} ({@code OnnxRuntime} or
 * {@code PyTorch}; chosen from the files when absent), {@code batch_size} (default 1, no batching),
 * {@code max_batch_delay} in milliseconds (default 100), {@code job_queue_size} (default 100) and
 * {@code option.*}, passed to the engine without the prefix (e.g. {@code
 * option.intraOpNumThreads=1}). Other keys are ignored.
 *
 * <p>Usage: {@code ServingProperties props = ServingProperties.load(modelDir);}
 *
 * @param engine the DJL engine name, or null to choose from the model files
 * @param batchSize the most requests one forward pass serves
 * @param maxBatchDelay how long a batch may wait for requests announced as on their way (an idle
 *     worker does not wait for requests that may never come)
 * @param jobQueueSize the most requests waiting; one more is refused
 * @param options engine options, keys without the {@code option.} prefix
 */
public record ServingProperties(
    String engine,
    int batchSize,
    Duration maxBatchDelay,
    int jobQueueSize,
    Map<String, String> options) {

  /** The file name DJL Serving reads in a model directory. */
  public static final String FILE_NAME = "serving.properties";

  /** Normalises blanks to null and checks the batching values. */
  public ServingProperties {
    options = Map.copyOf(options == null ? Map.of() : options);
    engine = engine == null || engine.isBlank() ? null : engine.trim();
    // Checked here so that a bad file fails the load with its reason, not the first request.
    new BatchPolicy(batchSize, maxBatchDelay, jobQueueSize);
  }

  /** The defaults: engine from the files, no batching, 100 ms delay, 100 queued requests. */
  public static ServingProperties defaults() {
    return new ServingProperties(null, 1, Duration.ofMillis(100), 100, Map.of());
  }

  /**
   * Reads {@code serving.properties} from {@code modelDir}, or returns the defaults when there is
   * none.
   *
   * @throws ModelLoadException when the file cannot be read or holds a bad value
   */
  public static ServingProperties load(Path modelDir) throws ModelLoadException {
    Path file = modelDir.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return defaults();
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new ModelLoadException("Cannot read " + file + ": " + e.getMessage(), e);
    }
    return from(properties);
  }

  /**
   * The settings in {@code properties}, defaults for the keys it lacks.
   *
   * @throws ModelLoadException when a value is not a valid number or out of range
   */
  public static ServingProperties from(Properties properties) throws ModelLoadException {
    Map<String, String> options = new TreeMap<>();
    for (String key : properties.stringPropertyNames()) {
      if (key.startsWith("option.")) {
        options.put(key.substring("option.".length()), properties.getProperty(key).trim());
      }
    }
    try {
      return new ServingProperties(
          properties.getProperty("engine"),
          intOf(properties, "batch_size", 1),
          Duration.ofMillis(intOf(properties, "max_batch_delay", 100)),
          intOf(properties, "job_queue_size", 100),
          options);
    } catch (IllegalArgumentException e) {
      throw new ModelLoadException(FILE_NAME + ": " + e.getMessage(), e);
    }
  }

  private static int intOf(Properties properties, String key, int fallback) {
    String value = properties.getProperty(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, got '" + value + "'");
    }
  }

  /**
   * These settings with {@code option.allowSpinning} set to {@code spinning} unless the model set
   * it itself: the runtime's default for where it runs, which the model's own choice overrides.
   */
  public ServingProperties withSpinningDefault(Spinning spinning) {
    if (options.containsKey(SpinChoice.ALLOW_SPINNING)) {
      return this;
    }
    Map<String, String> withDefault = new TreeMap<>(options);
    withDefault.put(SpinChoice.ALLOW_SPINNING, spinning.optionValue());
    return new ServingProperties(engine, batchSize, maxBatchDelay, jobQueueSize, withDefault);
  }

  /** The batching policy these settings describe. */
  public BatchPolicy batchPolicy() {
    return new BatchPolicy(batchSize, maxBatchDelay, jobQueueSize);
  }
}
