package dev.berth.runtime.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the runtime does once its model failed to load: by default it keeps running and answers
 * {@code /ping} 503 {@code ModelLoadFailed} with the reason (a SageMaker-style host polls it and
 * reads the reason there). Under an orchestrator that only sees a container's exit and its
 * termination message (Kubernetes), the runtime instead writes {@value #MESSAGE_PREFIX}{@code
 * <reason>} to the termination-message file and exits with status 1, so the failure shows on the
 * container's first restart rather than when the startup probe gives up.
 *
 * <p>Usage: {@code RuntimeServer.start(config, source,
 * SageMakerEnvironment.loadFailureExit(System.getenv()))}.
 *
 * @param enabled whether to exit after a load failure
 * @param terminationLog where the termination message goes ({@code /dev/termination-log} in a
 *     Kubernetes container); written only if it is writable or its directory is
 */
public record LoadFailureExit(boolean enabled, Path terminationLog) {
  /** The start of the termination message; the control plane recognises failures by it. */
  public static final String MESSAGE_PREFIX = "Model failed to load: ";

  /** Where Kubernetes looks for a container's termination message unless told otherwise. */
  public static final Path DEFAULT_TERMINATION_LOG = Path.of("/dev/termination-log");

  /** The status the process exits with after a load failure. */
  public static final int EXIT_STATUS = 1;

  /** Kubernetes keeps at most 4096 bytes of a termination message. */
  static final int MAX_MESSAGE_BYTES = 4096;

  /** Keep serving 503 with the reason (the default). */
  public static final LoadFailureExit KEEP_SERVING =
      new LoadFailureExit(false, DEFAULT_TERMINATION_LOG);

  /** Called after the failure was recorded and logged; exits the process if enabled. */
  void onFailure(String reason) {
    if (!enabled) {
      return;
    }
    writeTerminationMessage(reason);
    // Not on the Vert.x worker that saw the failure: the shutdown hook closes Vert.x, which would
    // otherwise wait for the very thread that is blocked in System.exit.
    Thread exit = new Thread(() -> System.exit(EXIT_STATUS), "berth-exit-on-load-failure");
    exit.setDaemon(false);
    exit.start();
  }

  /**
   * Writes {@link #message(String)} to the termination log if it can.
   *
   * @return the file written, or empty when it is not writable (the reason is in the log anyway)
   */
  Optional<Path> writeTerminationMessage(String reason) {
    Path parent = terminationLog.toAbsolutePath().getParent();
    boolean writable =
        Files.isRegularFile(terminationLog)
            ? Files.isWritable(terminationLog)
            : parent != null && Files.isDirectory(parent) && Files.isWritable(parent);
    if (!writable) {
      log().warn("Cannot write the termination message to {}", terminationLog);
      return Optional.empty();
    }
    try {
      Files.writeString(terminationLog, message(reason), StandardCharsets.UTF_8);
      return Optional.of(terminationLog);
    } catch (IOException e) {
      log().warn("Cannot write the termination message to {}: {}", terminationLog, e.toString());
      return Optional.empty();
    }
  }

  /** {@value #MESSAGE_PREFIX}{@code <reason>}, cut to what Kubernetes keeps. */
  static String message(String reason) {
    String text = MESSAGE_PREFIX + reason;
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= MAX_MESSAGE_BYTES) {
      return text;
    }
    // Cut on a character boundary: drop the bytes of a character split at the limit.
    int end = MAX_MESSAGE_BYTES - 3;
    while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
      end--;
    }
    return new String(bytes, 0, end, StandardCharsets.UTF_8) + "...";
  }

  private static Logger log() {
    return LoggerFactory.getLogger(LoadFailureExit.class);
  }
}
