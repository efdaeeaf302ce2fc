package dev.berth.runtime.engine;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import dev.berth.runtime.codec.Tensor;
import dev.berth.runtime.codec.TensorSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * One DJL predictor running tensors through a loaded model. Not thread-safe (DJL predictors are
 * not): only the batcher's worker thread calls {@link #run}.
 */
final class ForwardPass implements AutoCloseable {
  private final ZooModel<NDList, NDList> model;
  private final Predictor<NDList, NDList> predictor;
  private final List<TensorSpec> outputs;
  private final InputStaging staging = new InputStaging();

  ForwardPass(ZooModel<NDList, NDList> model, List<TensorSpec> outputs) {
    this.model = model;
    this.predictor = model.newPredictor();
    this.outputs = outputs;
  }

  /**
   * Runs one forward pass. Inputs not in direct memory are copied into {@link #staging()} first;
   * outputs are copied to the heap before native memory is freed.
   */
  List<Tensor> run(List<Tensor> inputs) throws TranslateException {
    try (NDManager manager = model.getNDManager().newSubManager()) {
      NDList list = new NDList(inputs.size());
      for (int i = 0; i < inputs.size(); i++) {
        list.add(NdArrays.toNdArray(manager, staging.staged(i, inputs.get(i))));
      }
      NDList result = predictor.predict(list);
      List<Tensor> tensors = new ArrayList<>(result.size());
      for (int i = 0; i < result.size(); i++) {
        NDArray array = result.get(i);
        tensors.add(NdArrays.toTensor(array, outputName(array, i)));
      }
      result.close();
      return tensors;
    }
  }

  /** The native memory this pass's inputs are staged in; for stacking a batch straight into it. */
  InputStaging staging() {
    return staging;
  }

  private String outputName(NDArray array, int index) {
    if (array.getName() != null && !array.getName().isBlank()) {
      return array.getName();
    }
    return index < outputs.size() ? outputs.get(index).name() : "output" + index;
  }

  @Override
  public void close() {
    predictor.close();
    model.close();
  }
}
