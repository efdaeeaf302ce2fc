package dev.berth.launcher;

import java.util.concurrent.CountDownLatch;

/** Keeps a server role running until the process is asked to stop (Ctrl-C, SIGTERM). */
final class ServerLifetime {
  private ServerLifetime() {}

  /** Blocks until shutdown, then closes {@code role} (data is kept). */
  static int runUntilStopped(AutoCloseable role) {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("Stopping Berth…");
                  try {
                    role.close();
                  } catch (Exception e) {
                    System.err.println("Berth did not stop cleanly: " + e);
                  }
                  stopped.countDown();
                },
                "berth-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
