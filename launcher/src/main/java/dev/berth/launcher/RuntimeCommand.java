package dev.berth.launcher;

import dev.berth.runtime.RuntimeConfig;
import dev.berth.runtime.RuntimeMain;
import dev.berth.runtime.SageMakerEnvironment;
import dev.berth.runtime.server.LoadFailureExit;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code berth runtime} (alias {@code serve}): one model behind the SageMaker container contract.
 */
@Command(
    name = "runtime",
    aliases = {"serve"},
    mixinStandardHelpOptions = true,
    description = {
      "Serves one model the way a SageMaker hosting container does: GET /ping (200 once the model is loaded and has answered a warm-up inference) and POST /invocations on port 8080 or SAGEMAKER_BIND_TO_PORT. The model comes from --model-dir (default /opt/ml/model) or from --model-data-url / BERTH_MODEL_DATA_URL (file://, http(s)://, s3://; a model.tar.gz, or a prefix with BERTH_MODEL_COMPRESSION=None). Engines: ONNX Runtime (*.onnx) and PyTorch TorchScript (*.pt), or engine= in serving.properties. ONNX Runtime's threads spin between parallel sections where the model's one-row pass takes 2 ms or more (auto), unless option.allowSpinning in serving.properties or BERTH_ALLOW_SPINNING (true, false, auto) says otherwise; multi-model mode defaults to false. SIGTERM drains in-flight requests, then exits; so does the end of the process BERTH_PARENT_PID names."
    })
final class RuntimeCommand implements Callable<Integer> {
  @Option(
      names = "--port",
      description = "Inference port (default 8080; SAGEMAKER_BIND_TO_PORT wins).")
  Integer port;

  @Option(names = "--model-dir", description = "Model directory (default /opt/ml/model).")
  Path modelDir;

  @Option(
      names = "--model-data-url",
      description = "Where to fetch the model from (env BERTH_MODEL_DATA_URL).")
  String modelDataUrl;

  @Option(
      names = "--metrics-port",
      description = "Admin port for /metrics (env BERTH_METRICS_PORT; default none).")
  Integer metricsPort;

  @Option(
      names = "--multi-model",
      description =
          "Serve many models from under --model-dir / --model-data-url, loaded on first use of"
              + " X-Amzn-SageMaker-Target-Model (env SAGEMAKER_MULTI_MODEL=true).")
  Boolean multiModel;

  @Override
  public Integer call() {
    RuntimeConfig config;
    OptionalLong parentPid;
    LoadFailureExit onLoadFailure;
    try {
      config =
          SageMakerEnvironment.resolve(
              System.getenv(),
              new SageMakerEnvironment.Flags(
                  port, modelDir, modelDataUrl, metricsPort, multiModel));
      parentPid = SageMakerEnvironment.parentPid(System.getenv());
      onLoadFailure = SageMakerEnvironment.loadFailureExit(System.getenv());
    } catch (IllegalArgumentException e) {
      // A bad variable (BERTH_ALLOW_SPINNING=yes, a BERTH_PARENT_PID that is no pid) is reported
      // in one line, as berth bench reports bad input, not as a stack trace.
      System.err.println("berth runtime: " + e.getMessage());
      return 2;
    }
    // Also stops when BERTH_PARENT_PID (set by the local orchestrator) is gone.
    return RuntimeMain.serve(config, parentPid, onLoadFailure);
  }
}
