package dev.berth.runtime.engine;

import dev.berth.runtime.codec.Tensor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Stacks requests into one forward pass and splits the outputs back. Tensors are C-ordered, so
 * concatenating along dimension 0 is concatenating their bytes, and splitting is slicing them.
 */
final class Stacking {
  private Stacking() {}

  /**
   * The key under which a request may share a forward pass: names, types and shapes without the
   * batch dimension. A request that cannot be stacked (rank 0, inputs that disagree on their batch
   * size, or a model without a dynamic batch dimension) gets a key equal to nothing else.
   */
  static Object key(List<Tensor> inputs, boolean modelStacks) {
    if (!modelStacks || rowsOrMinusOne(inputs) < 0) {
      return new Object();
    }
    StringBuilder key = new StringBuilder();
    for (Tensor input : inputs) {
      long[] shape = input.shape();
      key.append(input.name())
          .append(':')
          .append(input.type())
          .append(Arrays.toString(Arrays.copyOfRange(shape, 1, shape.length)))
          .append(';');
    }
    return key.toString();
  }

  /** The batch size all inputs share, or -1 if they have none in common. */
  static long rowsOrMinusOne(List<Tensor> inputs) {
    long rows = -1;
    for (Tensor input : inputs) {
      long[] shape = input.shape();
      if (shape.length == 0 || (rows >= 0 && shape[0] != rows)) {
        return -1;
      }
      rows = shape[0];
    }
    return inputs.isEmpty() ? -1 : rows;
  }

  /**
   * One tensor per input position, each the concatenation of the requests' along dimension 0, in
   * {@code staging}'s buffers (valid until its next pass).
   */
  static List<Tensor> concat(List<List<Tensor>> requests, InputStaging staging) {
    List<Tensor> first = requests.get(0);
    List<Tensor> stacked = new ArrayList<>(first.size());
    for (int position = 0; position < first.size(); position++) {
      Tensor head = first.get(position);
      long rows = 0;
      int bytes = 0;
      for (List<Tensor> request : requests) {
        Tensor part = request.get(position);
        rows += part.shape()[0];
        bytes += part.data().remaining();
      }
      ByteBuffer data = staging.buffer(position, bytes);
      for (List<Tensor> request : requests) {
        data.put(request.get(position).data());
      }
      long[] shape = head.shape();
      shape[0] = rows;
      stacked.add(new Tensor(head.name(), head.type(), shape, data.flip()));
    }
    return stacked;
  }

  /**
   * Splits each output by the requests' row counts.
   *
   * @throws IllegalStateException when an output's dimension 0 is not the total of the rows (the
   *     model does not keep the batch dimension), so the caller can run the requests one by one
   */
  static List<List<Tensor>> split(List<Tensor> outputs, long[] rows) {
    long total = Arrays.stream(rows).sum();
    List<List<Tensor>> perRequest = new ArrayList<>(rows.length);
    for (int r = 0; r < rows.length; r++) {
      perRequest.add(new ArrayList<>(outputs.size()));
    }
    for (Tensor output : outputs) {
      long[] shape = output.shape();
      if (shape.length == 0 || shape[0] != total) {
        throw new IllegalStateException(
            "output '"
                + output.name()
                + "' of shape "
                + Arrays.toString(shape)
                + " has no batch of "
                + total);
      }
      int rowBytes = total == 0 ? 0 : (int) (output.data().remaining() / total);
      ByteBuffer data = output.data();
      int offset = 0;
      for (int r = 0; r < rows.length; r++) {
        int length = (int) (rows[r] * rowBytes);
        ByteBuffer slice = ByteBuffer.allocate(length);
        slice.put(data.slice(offset, length)).flip();
        offset += length;
        long[] partShape = shape.clone();
        partShape[0] = rows[r];
        perRequest.get(r).add(new Tensor(output.name(), output.type(), partShape, slice));
      }
    }
    return perRequest;
  }
}
