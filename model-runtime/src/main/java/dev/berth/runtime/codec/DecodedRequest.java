package dev.berth.runtime.codec;

import java.util.List;

/**
 * A request body turned into model inputs, with what the response needs to answer in kind.
 *
 * @param format the payload format the body was in
 * @param inputs one tensor per model input, in the model's input order
 * @param id the Open Inference Protocol request {@code id} to echo, or null
 * @param unbatched true when the body held one instance without its batch dimension (a bare array
 *     or .npy one rank short of the model's input): Berth added a batch dimension of 1 and removes
 *     it again from the response
 */
public record DecodedRequest(
    PayloadFormat format, List<Tensor> inputs, String id, boolean unbatched) {

  /** Copies {@code inputs}, so that the request cannot change under the batcher. */
  public DecodedRequest {
    inputs = List.copyOf(inputs);
  }
}
