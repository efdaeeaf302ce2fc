package dev.berth.runtime.artifact;

/**
 * Nothing is at a model data URL: an HTTP or S3 404, no such file, or a prefix without objects. Its
 * own type so that a caller can tell a model that does not exist (a multi-model runtime answers
 * 404) from one that exists but cannot be fetched; the message is that of any download failure.
 */
public final class ModelDataNotFoundException extends ArtifactException {

  ModelDataNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
