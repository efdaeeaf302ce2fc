package dev.berth.runtime;

import dev.berth.runtime.engine.Spinning;
import dev.berth.runtime.mme.MemoryBudget;
import dev.berth.runtime.mme.ModelCacheSetting;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one model runtime process is configured with, in one typed place. Built by {@link
 * SageMakerEnvironment} from flags and the container's environment.
 *
 * @param bindHost the address to listen on
 * @param port the inference port ({@code /ping}, {@code /invocations}): 8080 or {@code
 *     SAGEMAKER_BIND_TO_PORT}
 * @param metricsPort the admin port serving {@code /metrics}, or 0 for none
 * @param modelDir where the model is (or will be unpacked to, from {@code modelDataUrl})
 * @param modelDataUrl the model's {@code ModelDataUrl}, or null to use {@code modelDir} as is
 * @param compressed whether {@code modelDataUrl} is one {@code model.tar.gz} (else a prefix)
 * @param cacheDir where downloaded artifacts are kept, shared by the runtimes of one machine
 * @param device {@code cpu} or {@code gpu:<n>}
 * @param invocationTimeout how long one invocation may take before it is answered with an error
 * @param maxPayloadBytes the largest request body accepted
 * @param drainTimeout how long SIGTERM waits for in-flight requests
 * @param environment the container's environment, passed through untouched
 * @param multiModel whether the runtime serves many models (spec §6.3) instead of one
 * @param modelRoot in multi-model mode, the directory or URL prefix target models are relative to;
 *     null in single-model mode
 * @param modelMemory in multi-model mode, the memory budget of the loaded models
 * @param modelCache in multi-model mode, whether models stay loaded between calls
 * @param engineSpinning whether ONNX Runtime's threads spin, for models whose {@code
 *     serving.properties} leave {@code option.allowSpinning} out: {@code BERTH_ALLOW_SPINNING},
 *     else {@code auto} for one model (a container with its cores to itself) and {@code false} in
 *     multi-model mode (several models' threads on the same cores); null picks that default
 */
public record RuntimeConfig(
    String bindHost,
    int port,
    int metricsPort,
    Path modelDir,
    String modelDataUrl,
    boolean compressed,
    Path cacheDir,
    String device,
    Duration invocationTimeout,
    int maxPayloadBytes,
    Duration drainTimeout,
    Map<String, String> environment,
    boolean multiModel,
    String modelRoot,
    MemoryBudget modelMemory,
    ModelCacheSetting modelCache,
    Spinning engineSpinning) {

  /** SageMaker's default container port. */
  public static final int DEFAULT_PORT = 8080;

  /** SageMaker's real-time payload limit (spec §6.1). */
  public static final int DEFAULT_MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

  public RuntimeConfig {
    Objects.requireNonNull(bindHost, "bindHost");
    Objects.requireNonNull(modelDir, "modelDir");
    environment = environment == null ? Map.of() : Map.copyOf(environment);
    if (multiModel && (modelRoot == null || modelRoot.isBlank())) {
      throw new IllegalArgumentException("Multi-model mode needs a model root");
    }
    modelMemory = modelMemory == null ? MemoryBudget.defaults() : modelMemory;
    modelCache = modelCache == null ? ModelCacheSetting.ENABLED : modelCache;
    if (engineSpinning == null) {
      engineSpinning = multiModel ? Spinning.OFF : Spinning.AUTO;
    }
  }

  /** A single-model configuration. */
  public RuntimeConfig(
      String bindHost,
      int port,
      int metricsPort,
      Path modelDir,
      String modelDataUrl,
      boolean compressed,
      Path cacheDir,
      String device,
      Duration invocationTimeout,
      int maxPayloadBytes,
      Duration drainTimeout,
      Map<String, String> environment) {
    this(
        bindHost,
        port,
        metricsPort,
        modelDir,
        modelDataUrl,
        compressed,
        cacheDir,
        device,
        invocationTimeout,
        maxPayloadBytes,
        drainTimeout,
        environment,
        false,
        null,
        null,
        null,
        null);
  }

  /**
   * This configuration in multi-model mode, with models under {@code root} (a directory or URL
   * prefix) sharing {@code memory}, and multi-model mode's default {@link #engineSpinning}.
   */
  public RuntimeConfig withMultiModel(String root, MemoryBudget memory, ModelCacheSetting cache) {
    return new RuntimeConfig(
        bindHost,
        port,
        metricsPort,
        modelDir,
        modelDataUrl,
        compressed,
        cacheDir,
        device,
        invocationTimeout,
        maxPayloadBytes,
        drainTimeout,
        environment,
        true,
        root,
        memory,
        cache,
        null);
  }

  /**
   * This configuration with {@code spinning} as its {@link #engineSpinning}, or the mode's default
   * when null.
   */
  public RuntimeConfig withEngineSpinning(Spinning spinning) {
    return new RuntimeConfig(
        bindHost,
        port,
        metricsPort,
        modelDir,
        modelDataUrl,
        compressed,
        cacheDir,
        device,
        invocationTimeout,
        maxPayloadBytes,
        drainTimeout,
        environment,
        multiModel,
        modelRoot,
        modelMemory,
        modelCache,
        spinning);
  }
}
