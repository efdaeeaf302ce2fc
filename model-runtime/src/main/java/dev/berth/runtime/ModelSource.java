package dev.berth.runtime;

import dev.berth.runtime.engine.InferenceModel;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * How the runtime server gets its model: fetched, loaded and warmed up, reporting to a registry.
 */
@FunctionalInterface
public interface ModelSource {
  /** Blocks until the model has answered its warm-up inference; runs on a worker thread. */
  InferenceModel load(MeterRegistry registry) throws Exception;
}
