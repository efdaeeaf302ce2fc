package dev.berth.runtime.engine;

import dev.berth.runtime.batch.BatchFunction;
import dev.berth.runtime.codec.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a batch of requests as one forward pass: their inputs concatenated along dimension 0, the
 * outputs split back by each request's batch size. The batcher only groups requests with the same
 * stack key, so their shapes past dimension 0 agree. A model whose outputs lose the batch dimension
 * cannot be split; its requests are then run one by one.
 */
final class BatchedForwardPass implements BatchFunction<List<Tensor>, List<Tensor>> {
  private static final Logger LOG = LoggerFactory.getLogger(BatchedForwardPass.class);

  private final ForwardPass forward;
  private boolean warnedUnsplittable;

  BatchedForwardPass(ForwardPass forward) {
    this.forward = forward;
  }

  @Override
  public List<List<Tensor>> apply(List<List<Tensor>> requests) {
    try {
      return stackedOrOneByOne(requests);
    } catch (Exception e) {
      throw new ModelExecutionException("The model failed: " + Failures.rootMessage(e), e);
    }
  }

  private List<List<Tensor>> stackedOrOneByOne(List<List<Tensor>> requests) throws Exception {
    if (requests.size() == 1) {
      return List.of(forward.run(requests.get(0)));
    }
    long[] rows = new long[requests.size()];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = requests.get(i).get(0).shape()[0];
    }
    List<Tensor> outputs = forward.run(Stacking.concat(requests, forward.staging()));
    try {
      return Stacking.split(outputs, rows);
    } catch (IllegalStateException unsplittable) {
      if (!warnedUnsplittable) {
        warnedUnsplittable = true;
        LOG.warn(
            "Batching is useless for this model ({}); set batch_size=1", unsplittable.getMessage());
      }
      List<List<Tensor>> one = new ArrayList<>(requests.size());
      for (List<Tensor> request : requests) {
        one.add(forward.run(request));
      }
      return one;
    }
  }
}
