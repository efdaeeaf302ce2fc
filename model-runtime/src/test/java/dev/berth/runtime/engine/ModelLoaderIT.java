package dev.berth.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.runtime.codec.Tensor;
import dev.berth.runtime.codec.TensorSpec;
import dev.berth.runtime.codec.TensorType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loads real models with the real ONNX Runtime (and PyTorch for failures), fully offline. */
class ModelLoaderIT {
  @TempDir Path dir;

  private static ServingProperties batching(int batchSize, int delayMillis, int queue) {
    return new ServingProperties(null, batchSize, Duration.ofMillis(delayMillis), queue, Map.of());
  }

  /** Row {@code i} of the test inputs: small numbers, so the MLP's float math is exact. */
  private static float[] row(int i) {
    return new float[] {i % 7, -(i % 5), 0.5f * (i % 3), i % 11 - 5};
  }

  @Test
  void loadsDescribesWarmsUpAndPredictsExactly() throws Exception {
    OnnxModels.writeMlp(dir);
    try (InferenceModel model = ModelLoader.load(dir, ServingProperties.defaults(), "cpu")) {
      assertThat(model.engine()).isEqualTo(EngineKind.ONNX_RUNTIME);
      assertThat(model.inputs())
          .containsExactly(new TensorSpec("input", TensorType.FLOAT32, new long[] {-1, 4}));
      assertThat(model.outputs())
          .containsExactly(new TensorSpec("output", TensorType.FLOAT32, new long[] {-1, 3}));
      assertThat(model.isWarm()).isFalse();

      model.warmUp();
      assertThat(model.isWarm()).isTrue();

      float[] x = {1, 2, 3, 4, -1, 0.5f, 2, -3};
      List<Tensor> out =
          model
              .predict(List.of(Tensor.ofFloats("input", new long[] {2, 4}, x)))
              .get(30, TimeUnit.SECONDS);

      assertThat(out).hasSize(1);
      assertThat(out.get(0).name()).isEqualTo("output");
      assertThat(out.get(0).shape()).containsExactly(2, 3);
      float[] expected =
          concat(
              OnnxModels.mlp(Arrays.copyOfRange(x, 0, 4)),
              OnnxModels.mlp(Arrays.copyOfRange(x, 4, 8)));
      assertThat(out.get(0).toFloats()).containsExactly(expected);
    }
  }

  @Test
  void sixtyFourConcurrentCallersEachGetTheirOwnAnswerFromBatchedPasses() throws Exception {
    OnnxModels.writeMlp(dir);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ExecutorService callers = Executors.newFixedThreadPool(64);
    try (InferenceModel model =
        ModelLoader.load(dir, batching(8, 50, 100), "cpu", registry, "mlp")) {
      model.warmUp();
      CountDownLatch start = new CountDownLatch(1);
      List<Future<float[]>> answers = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        // Every fourth caller sends two rows, so that stacked requests differ in batch size.
        int rows = i % 4 == 0 ? 2 : 1;
        float[] x = rows == 2 ? concat(row(i), row(i + 100)) : row(i);
        answers.add(
            callers.submit(
                () -> {
                  start.await();
                  Tensor input = Tensor.ofFloats("input", new long[] {rows, 4}, x);
                  return model.predict(List.of(input)).get(30, TimeUnit.SECONDS).get(0).toFloats();
                }));
      }
      start.countDown();
      for (int i = 0; i < 64; i++) {
        float[] expected =
            i % 4 == 0
                ? concat(OnnxModels.mlp(row(i)), OnnxModels.mlp(row(i + 100)))
                : OnnxModels.mlp(row(i));
        assertThat(answers.get(i).get()).as("caller %d", i).containsExactly(expected);
      }
    } finally {
      callers.shutdownNow();
    }
    assertThat(registry.find("berth.runtime.batch.size").summary()).isNull(); // removed on close
  }

  @Test
  void batchesLargerThanOneAreObserved() throws Exception {
    OnnxModels.writeMlp(dir);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ExecutorService callers = Executors.newFixedThreadPool(16);
    try (InferenceModel model =
        ModelLoader.load(dir, batching(8, 100, 100), "cpu", registry, "mlp")) {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        int n = i;
        done.add(
            callers.submit(
                () -> {
                  start.await();
                  return model
                      .predict(List.of(Tensor.ofFloats("input", new long[] {1, 4}, row(n))))
                      .get(30, TimeUnit.SECONDS);
                }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get();
      }
      assertThat(registry.get("berth.runtime.batch.size").summary().max()).isGreaterThan(1);
      assertThat(registry.get("berth.runtime.engine.load").timer().count()).isEqualTo(1);
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void twoInputsTwoOutputsKeepTheirNames() throws Exception {
    OnnxModels.writeTwoInputs(dir);
    try (InferenceModel model = ModelLoader.load(dir, batching(4, 5, 10), "cpu")) {
      assertThat(model.inputs()).extracting(TensorSpec::name).containsExactly("a", "b");
      assertThat(model.outputs()).extracting(TensorSpec::name).containsExactly("sum", "product");
      model.warmUp();
      List<Tensor> out =
          model
              .predict(
                  List.of(
                      Tensor.ofFloats("a", new long[] {1, 2}, 1, 2),
                      Tensor.ofFloats("b", new long[] {1, 2}, 3, 4)))
              .get(30, TimeUnit.SECONDS);
      assertThat(out).extracting(Tensor::name).containsExactly("sum", "product");
      assertThat(out.get(0).toFloats()).containsExactly(4, 6);
      assertThat(out.get(1).toFloats()).containsExactly(3, 8);
    }
  }

  @Test
  void aCorruptOnnxFileFailsQuicklyWithTheEnginesReason() throws Exception {
    Files.write(dir.resolve("model.onnx"), "this is not a protobuf".getBytes());
    long start = System.nanoTime();
    assertThatThrownBy(() -> ModelLoader.load(dir, ServingProperties.defaults(), "cpu"))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageStartingWith("OnnxRuntime cannot load model.onnx on cpu(): ")
        .hasMessageContaining("Protobuf parsing failed");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void anEmptyDirectoryFailsWithWhatWasExpected() {
    assertThatThrownBy(() -> ModelLoader.load(dir, ServingProperties.defaults(), "cpu"))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageStartingWith("No model file in " + dir);
  }

  @Test
  void aCorruptTorchScriptFileFailsWithTheEnginesReason() throws Exception {
    Files.write(dir.resolve("model.pt"), "not a zip archive".getBytes());
    long start = System.nanoTime();
    assertThatThrownBy(() -> ModelLoader.load(dir, ServingProperties.defaults(), "cpu"))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageStartingWith("PyTorch cannot load model.pt on cpu(): ");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
  }

  @Test
  void aModelFileOfAnyNameLoads() throws Exception {
    Files.move(OnnxModels.writeMlp(dir), dir.resolve("classifier.onnx"));
    try (InferenceModel model = ModelLoader.load(dir, ServingProperties.defaults(), "cpu")) {
      List<Tensor> out =
          model
              .predict(List.of(Tensor.ofFloats("input", new long[] {1, 4}, row(5))))
              .get(30, TimeUnit.SECONDS);
      assertThat(out.get(0).toFloats()).containsExactly(OnnxModels.mlp(row(5)));
    }
  }

  @Test
  void anUnknownDeviceIsRefused() throws Exception {
    OnnxModels.writeMlp(dir);
    assertThatThrownBy(() -> ModelLoader.load(dir, ServingProperties.defaults(), "tpu:0"))
        .isInstanceOf(ModelLoadException.class)
        .hasMessage("Unknown device 'tpu:0'; use cpu or gpu:<n>.");
  }

  @Test
  void theEngineSpinsWhereTheOneRowPassIsLongEnoughOrWhereAsked() throws Exception {
    OnnxModels.writeMlp(dir);
    // The test MLP's pass takes microseconds: by default its threads sleep; under auto they
    // sleep at the default 2 ms and spin when any pass is long enough; an explicit choice wins.
    Map<Map<String, String>, Boolean> expected =
        Map.of(
            Map.of(), false,
            Map.of("allowSpinning", "auto"), false,
            Map.of("allowSpinning", "auto", "spinningMinPassMillis", "0"), true,
            Map.of("allowSpinning", "false", "spinningMinPassMillis", "0"), false,
            Map.of("allowSpinning", "true"), true);
    for (Map.Entry<Map<String, String>, Boolean> c : expected.entrySet()) {
      ServingProperties props =
          new ServingProperties(null, 1, Duration.ofMillis(1), 100, c.getKey());
      try (InferenceModel model = ModelLoader.load(dir, props, "cpu")) {
        assertThat(model.engineSpins()).as("options %s", c.getKey()).isEqualTo(c.getValue());
        model.warmUp();
        List<Tensor> out =
            model
                .predict(List.of(Tensor.ofFloats("input", new long[] {1, 4}, row(3))))
                .get(30, TimeUnit.SECONDS);
        assertThat(out.get(0).toFloats()).containsExactly(OnnxModels.mlp(row(3)));
      }
    }
  }

  @Test
  void aSpinningChoiceOtherThanTrueFalseOrAutoIsRefused() throws Exception {
    OnnxModels.writeMlp(dir);
    ServingProperties props =
        new ServingProperties(null, 1, Duration.ofMillis(1), 100, Map.of("allowSpinning", "yes"));
    assertThatThrownBy(() -> ModelLoader.load(dir, props, "cpu"))
        .isInstanceOf(ModelLoadException.class)
        .hasMessage("option.allowSpinning must be true, false or auto, not 'yes'.");
  }

  @Test
  void singleRequestLatencyIsMeasured() throws Exception {
    OnnxModels.writeMlp(dir);
    try (InferenceModel model = ModelLoader.load(dir, ServingProperties.defaults(), "cpu")) {
      model.warmUp();
      List<Tensor> request = List.of(Tensor.ofFloats("input", new long[] {1, 4}, row(3)));
      for (int i = 0; i < 200; i++) {
        model.predict(request).get();
      }
      long[] nanos = new long[1000];
      for (int i = 0; i < nanos.length; i++) {
        long t0 = System.nanoTime();
        model.predict(request).get();
        nanos[i] = System.nanoTime() - t0;
      }
      Arrays.sort(nanos);
      System.out.printf(
          "MLP single-request latency in-process (batch_size 1, %d runs): p50 %.1f us, p99 %.1f us%n",
          nanos.length, nanos[nanos.length / 2] / 1e3, nanos[nanos.length * 99 / 100] / 1e3);
      assertThat(nanos[nanos.length / 2]).isLessThan(Duration.ofMillis(50).toNanos());
    }
  }

  private static float[] concat(float[] a, float[] b) {
    float[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
