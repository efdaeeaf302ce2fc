package dev.berth.benchmarks;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The raw engine as a {@link LoadTarget}: each request is one forward pass of a DJL ONNX Runtime
 * predictor called in-process, with no HTTP, codec or batcher in between — the ceiling a server can
 * approach. The request body holds the input batch as little-endian float32, rows of the model's
 * input shape without its batch dimension; its length gives the batch size.
 *
 * <p>One predictor runs on one thread, as in the runtime, whose batcher has one worker per model;
 * ONNX Runtime is given the runtime's thread settings (one inter-op thread, {@code engineThreads}
 * intra-op threads).
 *
 * <p>Usage: {@code try (EngineTarget raw = EngineTarget.load(file, new long[] {256}, 2)) {...}}
 */
public final class EngineTarget implements LoadTarget {
  private final Vertx vertx;
  private final Context context;
  private final ExecutorService engineThread;
  private final ZooModel<NDList, NDList> model;
  private final Predictor<NDList, NDList> predictor;
  private final long[] rowShape;
  private final long rowBytes;
  // Only the engine thread touches it.
  private ByteBuffer staged;

  private EngineTarget(ZooModel<NDList, NDList> model, long[] rowShape) {
    this.vertx =
        Vertx.vertx(
            new VertxOptions()
                .setEventLoopPoolSize(1)
                .setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1));
    this.context = vertx.getOrCreateContext();
    this.engineThread =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "raw-engine");
              thread.setDaemon(true);
              return thread;
            });
    this.model = model;
    this.predictor = model.newPredictor();
    this.rowShape = rowShape.clone();
    this.rowBytes = 4 * elements(rowShape);
  }

  /**
   * Loads {@code modelFile} with ONNX Runtime.
   *
   * @param rowShape the input's shape without its batch dimension, e.g. {@code {3, 224, 224}}
   * @param engineThreads ONNX Runtime's intra-op threads (the runtime uses one per core)
   */
  public static EngineTarget load(Path modelFile, long[] rowShape, int engineThreads)
      throws Exception {
    String fileName = modelFile.getFileName().toString();
    Criteria<NDList, NDList> criteria =
        Criteria.builder()
            .setTypes(NDList.class, NDList.class)
            .optModelPath(modelFile.toAbsolutePath().getParent())
            .optModelName(fileName.substring(0, fileName.lastIndexOf('.')))
            .optEngine("OnnxRuntime")
            .optOptions(
                Map.of(
                    "interOpNumThreads", "1", "intraOpNumThreads", Integer.toString(engineThreads)))
            .optTranslator(new NoopTranslator())
            .build();
    return new EngineTarget(criteria.loadModel(), rowShape);
  }

  @Override
  public Context context() {
    return context;
  }

  @Override
  public Vertx vertx() {
    return vertx;
  }

  @Override
  public void send(LoadRequest request, Consumer<LoadClient.Answer> done) {
    // The view shares the request's bytes; the engine thread copies them into native memory.
    ByteBuffer input = request.body().getByteBuf().nioBuffer().order(ByteOrder.LITTLE_ENDIAN);
    engineThread.execute(
        () -> {
          long start = System.nanoTime();
          String error = null;
          try {
            forward(input);
          } catch (Exception | LinkageError e) {
            error = "EngineError:" + e.getClass().getSimpleName();
          }
          long end = System.nanoTime();
          String code = error;
          context.runOnContext(ignored -> done.accept(new LoadClient.Answer(start, end, code)));
        });
  }

  /**
   * One forward pass. The input is copied into native memory kept from pass to pass, and the
   * outputs to the heap, as the runtime does (its {@code InputStaging}): ONNX Runtime would
   * otherwise copy a heap input into fresh native memory every pass, whose page faults are not the
   * engine's speed.
   */
  private void forward(ByteBuffer input) throws Exception {
    if (input.remaining() % rowBytes != 0) {
      throw new IllegalArgumentException(
          input.remaining() + " bytes is not a whole number of " + rowBytes + "-byte rows");
    }
    long[] shape = new long[rowShape.length + 1];
    shape[0] = input.remaining() / rowBytes;
    System.arraycopy(rowShape, 0, shape, 1, rowShape.length);
    if (staged == null || staged.capacity() < input.remaining()) {
      staged = ByteBuffer.allocateDirect(input.remaining());
    }
    ByteBuffer engineInput = staged.clear().put(input).flip().order(ByteOrder.LITTLE_ENDIAN);
    try (NDManager manager = model.getNDManager().newSubManager()) {
      NDArray array = manager.create(engineInput, new Shape(shape), DataType.FLOAT32);
      NDList result = predictor.predict(new NDList(array));
      for (NDArray output : result) {
        ByteBuffer source = output.toByteBuffer();
        ByteBuffer.allocate(source.remaining()).put(source);
      }
      result.close();
    }
  }

  @Override
  public void close() {
    engineThread.shutdown();
    try {
      engineThread.awaitTermination(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    predictor.close();
    model.close();
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // Closing cannot change a result already measured.
    }
  }

  private static long elements(long[] shape) {
    long count = 1;
    for (long dim : shape) {
      count *= dim;
    }
    return count;
  }
}
