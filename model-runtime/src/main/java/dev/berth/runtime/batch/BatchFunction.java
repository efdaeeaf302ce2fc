package dev.berth.runtime.batch;

import java.util.List;

/**
 * The work a {@link DynamicBatcher} runs: many inputs at once, one output per input, in order.
 * Called on the batcher's worker thread only, so an implementation need not be thread-safe.
 *
 * @param <I> one job's input
 * @param <O> one job's output
 */
@FunctionalInterface
public interface BatchFunction<I, O> {

  /**
   * Runs one batch.
   *
   * @return exactly one output per input, in the same order
   * @throws Exception to fail every job of the batch with it
   */
  List<O> apply(List<I> inputs) throws Exception;
}
