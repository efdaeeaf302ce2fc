package dev.berth.runtime;

import dev.berth.runtime.server.LoadFailureExit;
import dev.berth.runtime.server.RuntimeServer;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;

/**
 * The runtime as a plain {@code main}, configured from the environment alone ({@link
 * SageMakerEnvironment}): what a process started as {@code java -cp <classpath>
 * dev.berth.runtime.RuntimeMain} runs, e.g. by the control plane's tests. {@code berth runtime}
 * runs the same {@link #serve} with its flags.
 *
 * <p>It serves until SIGTERM (or Ctrl-C), or until the process named by {@code BERTH_PARENT_PID} is
 * gone, then drains in-flight invocations and exits. With {@code BERTH_EXIT_ON_LOAD_FAILURE=true}
 * it also exits (status 1) once its model failed to load ({@link LoadFailureExit}).
 */
public final class RuntimeMain {
  private RuntimeMain() {}

  public static void main(String[] args) {
    try {
      RuntimeConfig config =
          SageMakerEnvironment.resolve(
              System.getenv(), new SageMakerEnvironment.Flags(null, null, null, null, null));
      serve(
          config,
          SageMakerEnvironment.parentPid(System.getenv()),
          SageMakerEnvironment.loadFailureExit(System.getenv()));
    } catch (RuntimeException e) {
      // A bind that failed leaves Vert.x threads behind: exit, so whoever started us sees it.
      System.err.println("Berth runtime failed to start: " + e.getMessage());
      e.printStackTrace();
      System.exit(1);
    }
  }

  /**
   * Starts the runtime for {@code config}, then blocks until the process is asked to stop (SIGTERM)
   * or {@code parentPid} exits; the server is closed (drained) before the process ends. A load
   * failure does what {@code onLoadFailure} says ({@code BERTH_EXIT_ON_LOAD_FAILURE}, {@link
   * SageMakerEnvironment#loadFailureExit}).
   *
   * @return the exit status
   */
  public static int serve(
      RuntimeConfig config, OptionalLong parentPid, LoadFailureExit onLoadFailure) {
    EngineEnvironment.apply(config);
    RuntimeServer server = RuntimeServer.start(config, new ModelBootstrap(config), onLoadFailure);
    System.out.println("Berth runtime listening on port " + server.port());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    server.close();
                  } catch (RuntimeException e) {
                    System.err.println("Berth runtime did not stop cleanly: " + e);
                  } finally {
                    stopped.countDown();
                  }
                },
                "berth-runtime-shutdown"));
    parentPid.ifPresent(
        pid ->
            ParentWatch.watch(
                pid,
                ParentWatch.DEFAULT_INTERVAL,
                () -> {
                  System.out.println("Process " + pid + " that started this runtime is gone");
                  // Runs the shutdown hook above: drain, then exit.
                  System.exit(0);
                }));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
