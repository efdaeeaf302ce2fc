package dev.berth.runtime;

import dev.berth.runtime.engine.Spinning;
import dev.berth.runtime.mme.MemoryBudget;
import dev.berth.runtime.mme.ModelCacheSetting;
import dev.berth.runtime.server.LoadFailureExit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The one place where the SageMaker container environment becomes runtime configuration (spec
 * §6.2): {@code SAGEMAKER_BIND_TO_PORT}, {@code SAGEMAKER_MODEL_SERVER_TIMEOUT}, and Berth's own
 * {@code BERTH_MODEL_DATA_URL}, {@code BERTH_MODEL_COMPRESSION}, {@code BERTH_DEVICE} (else {@code
 * CUDA_VISIBLE_DEVICES}), {@code BERTH_RUNTIME_CACHE}, {@code BERTH_METRICS_PORT}; for multi-model
 * mode {@code SAGEMAKER_MULTI_MODEL=true} (what SageMaker's multi-model containers read) or {@code
 * BERTH_MULTI_MODEL=true}, with {@code BERTH_MME_MEMORY_BYTES}, {@code BERTH_MME_FOOTPRINT_FACTOR}
 * and {@code BERTH_MME_CACHE} ({@code Enabled}/{@code Disabled}); {@code BERTH_ALLOW_SPINNING}
 * ({@link RuntimeConfig#engineSpinning}). A runtime started by the local orchestrator also gets
 * {@code BERTH_BIND_HOST} (listen on loopback only) and {@code BERTH_PARENT_PID} ({@link
 * #parentPid}); one started by the Kubernetes orchestrator gets {@code
 * BERTH_EXIT_ON_LOAD_FAILURE=true}, with {@code BERTH_TERMINATION_LOG} ({@link #loadFailureExit}).
 * Every other variable (e.g. {@code SAGEMAKER_PROGRAM}) is passed through untouched. Flags given on
 * the command line win over the environment only where the environment is silent.
 */
public final class SageMakerEnvironment {
  private SageMakerEnvironment() {}

  /**
   * Command-line values, each null when not given.
   *
   * @param port {@code --port}
   * @param modelDir {@code --model-dir}
   * @param modelDataUrl {@code --model-data-url}
   * @param metricsPort {@code --metrics-port}
   * @param multiModel {@code --multi-model}
   */
  public record Flags(
      Integer port, Path modelDir, String modelDataUrl, Integer metricsPort, Boolean multiModel) {
    /** Flags of a single-model runtime. */
    public Flags(Integer port, Path modelDir, String modelDataUrl, Integer metricsPort) {
      this(port, modelDir, modelDataUrl, metricsPort, null);
    }
  }

  /** The configuration for {@code env} and {@code flags}. */
  public static RuntimeConfig resolve(Map<String, String> env, Flags flags) {
    int port =
        intOf(
            env,
            "SAGEMAKER_BIND_TO_PORT",
            flags.port() != null ? flags.port() : RuntimeConfig.DEFAULT_PORT);
    int metricsPort =
        intOf(env, "BERTH_METRICS_PORT", flags.metricsPort() != null ? flags.metricsPort() : 0);
    Path modelDir = flags.modelDir() != null ? flags.modelDir() : Path.of("/opt/ml/model");
    String url =
        flags.modelDataUrl() != null
            ? flags.modelDataUrl()
            : blankToNull(env.get("BERTH_MODEL_DATA_URL"));
    boolean compressed =
        !"none".equalsIgnoreCase(env.getOrDefault("BERTH_MODEL_COMPRESSION", "Gzip"));
    Path cache =
        Path.of(
            env.getOrDefault(
                "BERTH_RUNTIME_CACHE",
                Path.of(System.getProperty("java.io.tmpdir"), "berth-artifacts").toString()));
    Duration timeout = Duration.ofSeconds(intOf(env, "SAGEMAKER_MODEL_SERVER_TIMEOUT", 60));
    RuntimeConfig config =
        new RuntimeConfig(
            orElse(blankToNull(env.get("BERTH_BIND_HOST")), "0.0.0.0"),
            port,
            metricsPort,
            modelDir,
            url,
            compressed,
            cache,
            device(env),
            timeout,
            RuntimeConfig.DEFAULT_MAX_PAYLOAD_BYTES,
            Duration.ofSeconds(30),
            env);
    if (multiModel(env, flags)) {
      // The model data URL is the prefix target models are relative to (spec §6.3); else the dir.
      String root = url != null ? url : modelDir.toString();
      config =
          config.withMultiModel(
              root, memoryBudget(env), ModelCacheSetting.parse(env.get("BERTH_MME_CACHE")));
    }
    return config.withEngineSpinning(engineSpinning(env));
  }

  /**
   * {@code BERTH_ALLOW_SPINNING} ({@code true}, {@code false} or {@code auto}): the runtime-wide
   * default of {@code option.allowSpinning}; null when not set, for the mode's own default.
   */
  static Spinning engineSpinning(Map<String, String> env) {
    String text = blankToNull(env.get("BERTH_ALLOW_SPINNING"));
    return text == null ? null : Spinning.parse(text, "BERTH_ALLOW_SPINNING");
  }

  /**
   * {@code BERTH_PARENT_PID}: the process whose end should end this runtime (the control plane that
   * started it as a child process, so that killing it with {@code -9} leaves no orphans); empty
   * when not set.
   */
  public static OptionalLong parentPid(Map<String, String> env) {
    String text = blankToNull(env.get("BERTH_PARENT_PID"));
    if (text == null) {
      return OptionalLong.empty();
    }
    try {
      long pid = Long.parseLong(text.trim());
      if (pid > 0) {
        return OptionalLong.of(pid);
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new IllegalArgumentException("BERTH_PARENT_PID must be a process id, got '" + text + "'");
  }

  /**
   * {@code BERTH_EXIT_ON_LOAD_FAILURE=true}: after a load failure, write the reason to the
   * termination-message file ({@code BERTH_TERMINATION_LOG}, default {@code /dev/termination-log})
   * and exit with status 1, instead of answering {@code /ping} 503 with it (the default).
   */
  public static LoadFailureExit loadFailureExit(Map<String, String> env) {
    String exit = blankToEmpty(env.get("BERTH_EXIT_ON_LOAD_FAILURE")).trim();
    if (!exit.isEmpty() && !exit.equalsIgnoreCase("true") && !exit.equalsIgnoreCase("false")) {
      throw new IllegalArgumentException(
          "BERTH_EXIT_ON_LOAD_FAILURE must be true or false, got '" + exit + "'");
    }
    String log = blankToNull(env.get("BERTH_TERMINATION_LOG"));
    return new LoadFailureExit(
        exit.equalsIgnoreCase("true"),
        log == null ? LoadFailureExit.DEFAULT_TERMINATION_LOG : Path.of(log.trim()));
  }

  private static boolean multiModel(Map<String, String> env, Flags flags) {
    return Boolean.TRUE.equals(flags.multiModel())
        || "true".equalsIgnoreCase(blankToEmpty(env.get("SAGEMAKER_MULTI_MODEL")).trim())
        || "true".equalsIgnoreCase(blankToEmpty(env.get("BERTH_MULTI_MODEL")).trim());
  }

  /** {@code BERTH_MME_MEMORY_BYTES} (default half the heap) and the footprint factor. */
  static MemoryBudget memoryBudget(Map<String, String> env) {
    MemoryBudget defaults = MemoryBudget.defaults();
    String bytes = blankToNull(env.get("BERTH_MME_MEMORY_BYTES"));
    String factor = blankToNull(env.get("BERTH_MME_FOOTPRINT_FACTOR"));
    try {
      return new MemoryBudget(
          bytes == null ? defaults.bytes() : Long.parseLong(bytes.trim()),
          factor == null ? defaults.footprintFactor() : Double.parseDouble(factor.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "BERTH_MME_MEMORY_BYTES and BERTH_MME_FOOTPRINT_FACTOR must be numbers, got '"
              + bytes
              + "' and '"
              + factor
              + "'");
    }
  }

  /** {@code BERTH_DEVICE} if set, else the first of {@code CUDA_VISIBLE_DEVICES}, else cpu. */
  static String device(Map<String, String> env) {
    String explicit = blankToNull(env.get("BERTH_DEVICE"));
    if (explicit != null) {
      return explicit;
    }
    String visible = blankToNull(env.get("CUDA_VISIBLE_DEVICES"));
    if (visible != null && !visible.equals("-1")) {
      // Inside the process the visible devices are renumbered from 0.
      return "gpu:0";
    }
    return "cpu";
  }

  private static int intOf(Map<String, String> env, String name, int fallback) {
    String text = blankToNull(env.get(name));
    if (text == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number, got '" + text + "'");
    }
  }

  private static String orElse(String s, String fallback) {
    return s == null ? fallback : s;
  }

  private static String blankToEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
