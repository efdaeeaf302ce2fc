package dev.berth.runtime.engine;

import dev.berth.runtime.batch.BatcherMetrics;
import dev.berth.runtime.batch.DynamicBatcher;
import dev.berth.runtime.batch.ExpectedJob;
import dev.berth.runtime.batch.JobRejectedException;
import dev.berth.runtime.codec.Tensor;
import dev.berth.runtime.codec.TensorSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded model, ready to serve: its signature, and {@link #predict} through its dynamic batcher
 * onto one engine predictor. Thread-safe; made by {@link ModelLoader}.
 *
 * <p>Usage:
 *
 * <pre>{@code
 * try (InferenceModel model = ModelLoader.load(dir, ServingProperties.load(dir), "cpu")) {
 *   model.warmUp();                                  // then /ping may answer 200
 *   List<Tensor> outputs = model.predict(inputs).join();
 * }
 * }</pre>
 */
public final class InferenceModel implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InferenceModel.class);
  private static final Duration WARM_UP_LIMIT = Duration.ofMinutes(5);

  private final String name;
  private final EngineKind engine;
  private final List<TensorSpec> inputs;
  private final List<TensorSpec> outputs;
  private final boolean stacks;
  private final ForwardPass forward;
  private final boolean engineSpins;
  private final DynamicBatcher<List<Tensor>, List<Tensor>> batcher;
  private volatile boolean warm;

  InferenceModel(
      String name,
      EngineKind engine,
      List<TensorSpec> inputs,
      List<TensorSpec> outputs,
      ForwardPass forward,
      boolean engineSpins,
      ServingProperties props,
      BatcherMetrics metrics) {
    this.name = name;
    this.engine = engine;
    this.inputs = List.copyOf(inputs);
    this.outputs = List.copyOf(outputs);
    // Requests stack only when every input has a dynamic batch dimension (or none is declared).
    this.stacks = this.inputs.stream().allMatch(TensorSpec::hasDynamicBatch);
    this.forward = forward;
    this.engineSpins = engineSpins;
    this.batcher =
        new DynamicBatcher<>(name, props.batchPolicy(), new BatchedForwardPass(forward), metrics);
  }

  /** The model's name, as given to the loader. */
  public String name() {
    return name;
  }

  /** The engine serving the model. */
  public EngineKind engine() {
    return engine;
  }

  /**
   * Whether the engine's threads spin between parallel sections ({@code option.allowSpinning}, or
   * chosen by the loader from the model's pass: {@link SpinChoice}).
   */
  public boolean engineSpins() {
    return engineSpins;
  }

  /** The model's inputs in order; empty when the engine declares none (TorchScript). */
  public List<TensorSpec> inputs() {
    return inputs;
  }

  /** The model's outputs in order; empty when the engine declares none (TorchScript). */
  public List<TensorSpec> outputs() {
    return outputs;
  }

  /**
   * Runs the model on one request's inputs, batched with concurrent requests of the same shape.
   * Never throws: every outcome, a refusal included, arrives through the returned future, so a
   * caller has one error path.
   *
   * @param request one tensor per model input, in {@link #inputs()} order, as the codecs decode
   * @return the request's own outputs; or, failed at once, {@link
   *     dev.berth.runtime.batch.QueueFullException} when {@code job_queue_size} requests already
   *     wait, {@link dev.berth.runtime.batch.BatcherClosedException} after {@link #close()} began,
   *     {@link IllegalArgumentException} when the number of tensors does not match the inputs; or,
   *     later, {@link ModelExecutionException} when the engine fails
   */
  public CompletableFuture<List<Tensor>> predict(List<Tensor> request) {
    if (!inputs.isEmpty() && request.size() != inputs.size()) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException(
              "the model takes " + inputs.size() + " inputs, got " + request.size()));
    }
    List<Tensor> copy = List.copyOf(request);
    try {
      return batcher.submit(copy, Stacking.key(copy, stacks));
    } catch (JobRejectedException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Announces a request whose body is still on its way, so that a batch forming meanwhile waits for
   * it (at most {@code max_batch_delay}) instead of running without it. Pass the announcement to
   * {@link #predict(List, ExpectedJob)}, or close it when the request will not run.
   */
  public ExpectedJob expectRequest() {
    return batcher.expect();
  }

  /**
   * {@link #predict(List)} for a request announced with {@link #expectRequest()}; ends the
   * announcement whatever the outcome.
   */
  public CompletableFuture<List<Tensor>> predict(List<Tensor> request, ExpectedJob announced) {
    if (!inputs.isEmpty() && request.size() != inputs.size()) {
      announced.close();
      return predict(request);
    }
    List<Tensor> copy = List.copyOf(request);
    try {
      return batcher.submit(copy, Stacking.key(copy, stacks), announced);
    } catch (JobRejectedException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Runs one real inference on zeros shaped from the input specs (dynamic dimensions = 1), so that
   * the first request does not pay for the engine's lazy initialisation and readiness does not lie.
   * A model without a declared signature (TorchScript) cannot be fed blindly; it is marked warm
   * without an inference.
   *
   * @throws ModelLoadException when the inference fails or takes more than five minutes
   */
  public void warmUp() throws ModelLoadException {
    if (inputs.isEmpty()) {
      LOG.info("Model {} declares no input signature; warm-up skipped", name);
      warm = true;
      return;
    }
    List<Tensor> zeros = inputs.stream().map(InferenceModel::zerosFor).toList();
    long start = System.nanoTime();
    try {
      predict(zeros).get(WARM_UP_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new ModelLoadException(
          "The warm-up inference of " + name + " failed: " + Failures.rootMessage(e), e.getCause());
    } catch (TimeoutException e) {
      throw new ModelLoadException(
          "The warm-up inference of " + name + " took longer than " + WARM_UP_LIMIT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ModelLoadException("The warm-up of " + name + " was interrupted", e);
    }
    warm = true;
    LOG.info("Model {} warmed up in {} ms", name, (System.nanoTime() - start) / 1_000_000);
  }

  /** Zeros shaped by {@code spec}, its dynamic dimensions 1. */
  static Tensor zerosFor(TensorSpec spec) {
    long[] shape = spec.shape();
    for (int i = 0; i < shape.length; i++) {
      shape[i] = shape[i] < 0 ? 1 : shape[i];
    }
    return Tensor.zeros(spec.name(), spec.type(), shape);
  }

  /** Whether {@link #warmUp()} has succeeded: the readiness {@code /ping} reports. */
  public boolean isWarm() {
    return warm;
  }

  /** Requests waiting for a forward pass. */
  public int queueDepth() {
    return batcher.queueDepth();
  }

  /** Runs the requests already queued, then frees the engine's memory. */
  @Override
  public void close() {
    warm = false;
    batcher.close();
    forward.close();
  }
}
