package dev.berth.runtime.engine;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.onnxruntime.OrtSession;
import dev.berth.runtime.batch.BatcherMetrics;
import dev.berth.runtime.codec.Tensor;
import dev.berth.runtime.codec.TensorSpec;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a model directory into an {@link InferenceModel}: finds the model file, picks the engine
 * ({@code engine=} or the file's extension), loads it with DJL (NDList in, NDList out, no
 * translator), reads its signature and starts its batcher. Every failure, from a missing file to an
 * engine that rejects the bytes, ends in a {@link ModelLoadException} with the reason.
 *
 * <p>Usage: {@code ModelLoader.load(dir, ServingProperties.load(dir), "cpu")}.
 */
public final class ModelLoader {
  private static final Logger LOG = LoggerFactory.getLogger(ModelLoader.class);
  private static final Pattern GPU = Pattern.compile("(?:gpu|cuda):?(\\d+)");

  private ModelLoader() {}

  /**
   * Loads a model without metrics.
   *
   * @param device {@code cpu} or {@code gpu:<n>}
   */
  public static InferenceModel load(Path modelDir, ServingProperties props, String device)
      throws ModelLoadException {
    return load(modelDir, props, device, new CompositeMeterRegistry(), nameOf(modelDir));
  }

  /**
   * Loads a model whose batcher reports to {@code registry} (tagged {@code model=<modelName>}) and
   * records the load time as {@code berth.runtime.model.load}.
   *
   * @param device {@code cpu} or {@code gpu:<n>}, e.g. from {@code BERTH_DEVICE}
   */
  public static InferenceModel load(
      Path modelDir,
      ServingProperties props,
      String device,
      MeterRegistry registry,
      String modelName)
      throws ModelLoadException {
    long start = System.nanoTime();
    ModelFile file = ModelFile.find(modelDir, props);
    Device djlDevice = device(device);
    Map<String, String> options = EngineThreads.options(file.engine(), props.options());
    SpinChoice spin = SpinChoice.of(options);
    boolean spinning = spin.spinsUnmeasured();
    ZooModel<NDList, NDList> model = loadWithDjl(file, options, spinning, djlDevice);
    ForwardPass forward = null;
    try {
      List<TensorSpec> inputs = List.of();
      List<TensorSpec> outputs = List.of();
      if (file.engine() == EngineKind.ONNX_RUNTIME) {
        OrtSignature signature = OrtSignature.read(model.getBlock(), file.path());
        inputs = signature.inputs();
        outputs = signature.outputs();
      }
      forward = new ForwardPass(model, outputs);
      if (spin.measures(file.engine(), !djlDevice.isGpu()) && !inputs.isEmpty()) {
        Duration onePass = onePass(forward, inputs, spin.minPass());
        if (onePass != null && spin.spinsAfter(onePass)) {
          // The setting belongs to the session: the model is loaded again, the first copy freed
          // before, so that memory never holds two (and nulled, so that a failed reload does not
          // close it twice below).
          forward.close();
          forward = null;
          model = null;
          model = loadWithDjl(file, options, true, djlDevice);
          forward = new ForwardPass(model, outputs);
          spinning = true;
        }
        LOG.info(
            "{}: a one-row forward pass takes {} ms, so ONNX Runtime's threads {} between parallel"
                + " sections (option.allowSpinning=auto; passes of {} ms or more spin)",
            file.path().getFileName(),
            onePass == null
                ? "(not measured)"
                : String.format(Locale.ROOT, "%.2f", onePass.toNanos() / 1e6),
            spinning ? "spin" : "sleep",
            String.format(Locale.ROOT, "%.2f", spin.minPass().toNanos() / 1e6));
      }
      Tags tags = Tags.of("model", modelName);
      InferenceModel loaded =
          new InferenceModel(
              modelName,
              file.engine(),
              inputs,
              outputs,
              forward,
              spinning,
              props,
              new BatcherMetrics(registry, tags));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      // Not berth.runtime.model.load: the server times fetch + load + warm-up under that name.
      Timer.builder("berth.runtime.engine.load")
          .description("Time the engine took to load the model file, before its warm-up")
          .tags(tags)
          .register(registry)
          .record(took);
      LOG.info(
          "Loaded {} with {} on {} in {} ms: inputs {}, outputs {}",
          file.path(),
          file.engine().djlName(),
          djlDevice,
          took.toMillis(),
          inputs,
          outputs);
      return loaded;
    } catch (ModelLoadException | RuntimeException e) {
      if (forward != null) {
        forward.close();
      } else if (model != null) {
        model.close();
      }
      throw e;
    }
  }

  /**
   * The shortest of up to five timed one-row passes on zeros, after one untimed (the engine's first
   * run allocates and picks kernels); fewer once the shortest is ten times {@code minPass}, so that
   * a slow model does not pay five passes to prove it. The shortest, because a model is slowed by a
   * busy machine and never sped up: one quiet pass below the line is enough to keep a fast model's
   * threads from spinning. Null when the model cannot run on zeros, which its warm-up will then
   * report with the reason.
   */
  private static Duration onePass(ForwardPass forward, List<TensorSpec> inputs, Duration minPass) {
    List<Tensor> zeros = inputs.stream().map(InferenceModel::zerosFor).toList();
    try {
      forward.run(zeros);
      long best = Long.MAX_VALUE;
      for (int i = 0; i < 5; i++) {
        long start = System.nanoTime();
        forward.run(zeros);
        best = Math.min(best, System.nanoTime() - start);
        if (best / 10 >= minPass.toNanos()) {
          break;
        }
      }
      return Duration.ofNanos(best);
    } catch (Exception e) {
      LOG.debug("Could not time a pass on zeros", e);
      return null;
    }
  }

  private static ZooModel<NDList, NDList> loadWithDjl(
      ModelFile file, Map<String, String> options, boolean spin, Device device)
      throws ModelLoadException {
    try {
      if (file.engine() == EngineKind.ONNX_RUNTIME) {
        return loadOnnx(file, SpinChoice.resolved(options, spin), device);
      }
      Criteria<NDList, NDList> criteria =
          Criteria.builder()
              .setTypes(NDList.class, NDList.class)
              .optModelPath(file.path().getParent())
              .optModelName(file.djlModelName())
              .optEngine(file.engine().djlName())
              .optDevice(device)
              .optOptions(options)
              .optTranslator(new NoopTranslator())
              .build();
      return criteria.loadModel();
    } catch (Exception | LinkageError e) {
      // LinkageError: an engine whose native library cannot load on this machine.
      throw new ModelLoadException(
          file.engine().djlName()
              + " cannot load "
              + file.path().getFileName()
              + " on "
              + device
              + ": "
              + Failures.rootMessage(e),
          e);
    }
  }

  /**
   * ONNX Runtime through DJL's model directly rather than a {@link Criteria}: only this way can it
   * be given a session options object ({@link OrtSessionSettings}), since criteria options are
   * strings. The session keeps its own copy of the options, so they are closed once it exists.
   */
  private static ZooModel<NDList, NDList> loadOnnx(
      ModelFile file, Map<String, String> options, Device device) throws Exception {
    Model model = Model.newInstance(file.djlModelName(), device, file.engine().djlName());
    try (OrtSession.SessionOptions session = OrtSessionSettings.sessionOptions(options)) {
      Map<String, Object> withSession = new HashMap<>(options);
      withSession.put(OrtSessionSettings.DJL_SESSION_OPTIONS, session);
      model.load(file.path().getParent(), file.djlModelName(), withSession);
      return new ZooModel<>(model, new NoopTranslator());
    } catch (Exception | LinkageError e) {
      model.close();
      throw e;
    }
  }

  /** The DJL device for {@code cpu}, {@code gpu:<n>}, {@code gpu<n>} or {@code cuda:<n>}. */
  static Device device(String name) throws ModelLoadException {
    String wanted = name == null ? "cpu" : name.trim().toLowerCase(Locale.ROOT);
    if (wanted.isEmpty() || wanted.equals("cpu")) {
      return Device.cpu();
    }
    Matcher gpu = GPU.matcher(wanted);
    if (gpu.matches()) {
      return Device.gpu(Integer.parseInt(gpu.group(1)));
    }
    throw new ModelLoadException("Unknown device '" + name + "'; use cpu or gpu:<n>.");
  }

  private static String nameOf(Path modelDir) {
    Path fileName = modelDir.toAbsolutePath().normalize().getFileName();
    return fileName == null ? "model" : fileName.toString();
  }
}
