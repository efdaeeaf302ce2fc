/**
 * Payload codecs: request bodies to model inputs and model outputs to response bodies, for {@code
 * application/json} (Open Inference Protocol v2, instances, bare arrays), {@code text/csv} and
 * {@code application/x-npy}. Entry point: {@link dev.berth.runtime.codec.Codecs}. The contract a
 * reader looks for first — {@link dev.berth.runtime.codec.Tensor}, {@link
 * dev.berth.runtime.codec.TensorSpec} and the {@link dev.berth.runtime.codec.PayloadException}
 * family — lives here too; the package knows neither HTTP nor DJL.
 */
package dev.berth.runtime.codec;
