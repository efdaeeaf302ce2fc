package dev.berth.runtime.mme;

import java.nio.file.Path;

/**
 * A model on local disk, not yet loaded.
 *
 * @param dir the directory holding the model's files
 * @param diskBytes the size of those files, from which the registry estimates the model's memory
 */
public record StagedModel(Path dir, long diskBytes) {
  public StagedModel {
    if (diskBytes < 0) {
      throw new IllegalArgumentException("diskBytes must not be negative, got " + diskBytes);
    }
  }
}
