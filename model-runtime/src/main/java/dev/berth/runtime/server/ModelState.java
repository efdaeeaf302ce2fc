package dev.berth.runtime.server;

import dev.berth.runtime.engine.InferenceModel;

/**
 * Where the runtime's one model stands: loading, ready (loaded and warmed up), or failed with a
 * reason an endpoint's FailureReason can carry.
 *
 * @param model the model once ready, else null
 * @param failure why loading failed, else null
 */
record ModelState(InferenceModel model, String failure) {
  static final ModelState LOADING = new ModelState(null, null);

  static ModelState ready(InferenceModel model) {
    return new ModelState(model, null);
  }

  static ModelState failed(String reason) {
    return new ModelState(null, reason);
  }

  boolean ready() {
    return model != null;
  }
}
