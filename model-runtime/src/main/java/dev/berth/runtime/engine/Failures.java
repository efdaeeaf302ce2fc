package dev.berth.runtime.engine;

/** Words an engine failure for a user: engines wrap their real reason several causes deep. */
final class Failures {
  private Failures() {}

  /** The message of the innermost cause that has one, else the throwable's class name. */
  static String rootMessage(Throwable t) {
    String message = null;
    for (Throwable cause = t; cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
        message = cause.getMessage().strip();
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return message != null ? message : t.getClass().getSimpleName();
  }
}
