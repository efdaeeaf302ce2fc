package dev.berth.runtime.mme;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a multi-model runtime's models are: a local directory or a model data URL prefix (spec
 * §6.3: the model's {@code ModelDataUrl}). A target model ({@code X-Amzn-SageMaker-Target-Model})
 * is a path relative to it, e.g. {@code model-a.tar.gz} or {@code sub/dir/model.tar.gz}.
 *
 * <p>Usage: {@code String url = ModelRoot.of("s3://models/mme/").resolve("a.tar.gz");}
 */
public final class ModelRoot {
  private final String root;
  private final boolean remote;

  private ModelRoot(String root) {
    this.root = root;
    this.remote = root.contains("://");
  }

  /** The root at {@code root}: a directory, or a URL prefix with a scheme. */
  public static ModelRoot of(String root) {
    Objects.requireNonNull(root, "root");
    if (root.isBlank()) {
      throw new IllegalArgumentException("The model root must not be blank");
    }
    return new ModelRoot(root.trim());
  }

  /** The root as given. */
  public String value() {
    return root;
  }

  /**
   * Where {@code target} is: the root joined with it, a path or a URL like the root.
   *
   * @throws InvalidTargetModelException when {@code target} could reach outside the root
   */
  public String resolve(String target) throws InvalidTargetModelException {
    String relative = validate(target);
    if (remote) {
      return root.endsWith("/") ? root + relative : root + "/" + relative;
    }
    return Path.of(root).resolve(relative).toString();
  }

  /**
   * {@code target} if it is a plain relative path: no leading slash, no empty, {@code .} or {@code
   * ..} segment, no backslash or control character, since any of these could name something outside
   * the root or a different object than the one the caller meant.
   */
  private static String validate(String target) throws InvalidTargetModelException {
    if (target == null || target.isBlank()) {
      throw new InvalidTargetModelException("The target model is empty.");
    }
    for (int i = 0; i < target.length(); i++) {
      char c = target.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '\\') {
        throw invalid(target, "holds a control character or a backslash");
      }
    }
    if (target.startsWith("/")) {
      throw invalid(target, "is absolute");
    }
    for (String segment : target.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw invalid(target, "has an empty, '.' or '..' segment");
      }
    }
    return target;
  }

  private static InvalidTargetModelException invalid(String target, String why) {
    return new InvalidTargetModelException(
        "The target model '"
            + target
            + "' "
            + why
            + ": give a path relative to the model root, e.g. model-a.tar.gz or sub/model.tar.gz.");
  }

  @Override
  public String toString() {
    return root;
  }
}
