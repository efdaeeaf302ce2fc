package dev.berth.runtime.mme;

/** How a request for a model ended. */
public enum LoadStatus {
  /** The model is loaded; for a use, the result holds a lease on it. */
  READY,
  /** An explicit load found the model loaded already; nothing was done. */
  ALREADY_LOADED,
  /** Nothing is at the model's place: the caller named a model that does not exist. */
  NOT_FOUND,
  /** The model alone needs more memory than the whole budget, or no room could be made. */
  NOT_ENOUGH_MEMORY,
  /** The model exists but could not be staged or loaded; the message says why. */
  FAILED
}
