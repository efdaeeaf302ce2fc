/**
 * Models on DJL engines: {@link dev.berth.runtime.engine.ModelLoader} turns a model directory and
 * its {@link dev.berth.runtime.engine.ServingProperties} into an {@link
 * dev.berth.runtime.engine.InferenceModel} that predicts through a dynamic batcher, stacking
 * requests along dimension 0. ONNX Runtime for {@code *.onnx}, PyTorch for TorchScript {@code
 * *.pt}; nothing is downloaded.
 */
package dev.berth.runtime.engine;
