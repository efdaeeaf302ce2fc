package dev.berth.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * When one runtime process started, listened and became ready, read from the log the local
 * orchestrator keeps for each instance ({@code <data-dir>/logs/<fleet>/<instance>.log}): the
 * orchestrator's own line {@code --- <instant> Berth starts <instance> on port <port>}, written
 * just before it starts the process, then the runtime's {@code Runtime listening on} and {@code
 * Model ready} lines, whose first word is their instant. Only the last start of the log counts.
 *
 * <p>Usage: {@code RuntimeStartLog.read(log).map(RuntimeStartLog::readyMillis)}
 *
 * @param launched when the orchestrator started the process
 * @param listening when the runtime listened, or null when the log does not say
 * @param ready when the model was loaded and warm (the runtime's {@code /ping} turns 200), or null
 */
public record RuntimeStartLog(Instant launched, Instant listening, Instant ready) {
  private static final String LAUNCH = "--- ";
  private static final String STARTS = " Berth starts ";
  private static final String LISTENING = "Runtime listening on";
  private static final String READY = "Model ready";

  /** The last start in {@code log}, or empty when the file holds none or cannot be read. */
  public static Optional<RuntimeStartLog> read(Path log) {
    try {
      return parse(Files.readAllLines(log, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The last start in these lines, or empty when they hold none. */
  static Optional<RuntimeStartLog> parse(List<String> lines) {
    Instant launched = null;
    Instant listening = null;
    Instant ready = null;
    for (String line : lines) {
      if (line.startsWith(LAUNCH) && line.contains(STARTS)) {
        Instant at = instant(line.substring(LAUNCH.length()));
        if (at != null) {
          launched = at;
          listening = null;
          ready = null;
        }
      } else if (launched != null && listening == null && line.contains(LISTENING)) {
        listening = instant(line);
      } else if (launched != null && ready == null && line.contains(READY)) {
        ready = instant(line);
      }
    }
    return launched == null
        ? Optional.empty()
        : Optional.of(new RuntimeStartLog(launched, listening, ready));
  }

  /** Milliseconds from the start of the process until it listened, or null. */
  public Long listeningMillis() {
    return listening == null ? null : listening.toEpochMilli() - launched.toEpochMilli();
  }

  /** Milliseconds from the start of the process until its model was ready, or null. */
  public Long readyMillis() {
    return ready == null ? null : ready.toEpochMilli() - launched.toEpochMilli();
  }

  private static Instant instant(String line) {
    int space = line.indexOf(' ');
    try {
      return Instant.parse(space < 0 ? line : line.substring(0, space));
    } catch (DateTimeParseException notAnInstant) {
      return null;
    }
  }
}
