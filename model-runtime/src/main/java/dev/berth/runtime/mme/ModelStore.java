package dev.berth.runtime.mme;

/**
 * How the {@link ModelRegistry} gets a model, in two blocking steps so that it can size the model
 * before it takes memory: {@link #stage} puts the artifact on local disk and says how large it is,
 * {@link #load} loads the staged files. Both run on the registry's loader executor, never on an
 * event loop.
 *
 * @param <M> the loaded model; closing it frees its memory
 */
public interface ModelStore<M extends AutoCloseable> {

  /**
   * Puts the model at {@code url} on local disk.
   *
   * @param name the name the model is known by
   * @param url where the model is: a local path or a model data URL
   * @throws ModelNotFoundException when nothing is at {@code url}
   * @throws Exception any other reason, whose message is shown to the caller
   */
  StagedModel stage(String name, String url) throws Exception;

  /**
   * Loads (and warms up) the staged model.
   *
   * @throws Exception why the model cannot be served, in words a user can act on
   */
  M load(String name, StagedModel staged) throws Exception;
}
