package dev.berth.runtime.artifact;

import java.net.ConnectException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/**
 * Why a model could not be put on local disk. The message is written for the person reading the
 * endpoint's {@code FailureReason}, e.g. {@code Failed to download model data from s3://b/k: 404
 * Not Found}, so the runtime passes it on unchanged.
 */
public class ArtifactException extends RuntimeException {

  /** A failure described by {@code message}. */
  public ArtifactException(String message) {
    super(message);
  }

  /** A failure described by {@code message}, caused by {@code cause}. */
  public ArtifactException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The model data at {@code url} could not be fetched, for {@code reason}. */
  static ArtifactException downloadFailed(String url, String reason, Throwable cause) {
    return new ArtifactException(
        "Failed to download model data from " + ModelDataUrl.display(url) + ": " + reason, cause);
  }

  /** Nothing is at {@code url} ({@code reason} says what answered so). */
  static ArtifactException notFound(String url, String reason, Throwable cause) {
    return new ModelDataNotFoundException(
        "Failed to download model data from " + ModelDataUrl.display(url) + ": " + reason, cause);
  }

  /** The archive fetched from {@code url} was refused or unreadable, for {@code reason}. */
  static ArtifactException extractFailed(String url, String reason, Throwable cause) {
    return new ArtifactException(
        "Failed to extract model data archive " + ModelDataUrl.display(url) + ": " + reason, cause);
  }

  /** A short reason for an I/O failure, since some JDK exceptions carry no message at all. */
  static String describe(Throwable e) {
    String message = e.getMessage();
    if (e instanceof ConnectException) {
      return message == null || message.isBlank() ? "could not connect" : message;
    }
    if (e instanceof NoSuchFileException) {
      return "no such file " + message;
    }
    if (e instanceof AccessDeniedException) {
      return "access denied to " + message;
    }
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }
}
