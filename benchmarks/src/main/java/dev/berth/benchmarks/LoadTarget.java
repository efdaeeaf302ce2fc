package dev.berth.benchmarks;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.function.Consumer;

/**
 * What a {@link LoadRun} sends its requests to: a server over HTTP ({@link LoadClient}) or an
 * engine called in-process ({@link EngineTarget}). Every send and every callback happens on {@link
 * #context()}, so the run's recording needs no locks.
 */
public interface LoadTarget extends AutoCloseable {
  /** The one context every send and every callback runs on. */
  Context context();

  /** The Vert.x instance, for timers on {@link #context()}. */
  Vertx vertx();

  /**
   * Sends {@code request}; {@code done} gets the answer on {@link #context()}, whatever happens.
   * Call on {@link #context()}.
   */
  void send(LoadRequest request, Consumer<LoadClient.Answer> done);

  @Override
  void close();
}
