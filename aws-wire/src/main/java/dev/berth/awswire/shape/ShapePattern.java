package dev.berth.awswire.shape;

import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A string shape's {@code pattern}, compiled once when the model loads.
 *
 * <p>botocore stores patterns without anchors, but the service matches the whole string and prints
 * the pattern with a leading {@code ^} (spec §2, §3.4), so {@link #matches} uses {@link
 * java.util.regex.Matcher#matches()} and {@link #printed()} adds the caret.
 *
 * <p>The patterns are written for Java's regex engine by the service that owns the model, so they
 * are compiled as they are, with default flags: every pattern of the SageMaker hosting model
 * compiles unchanged ({@code ServiceModelTest} checks that).
 */
public final class ShapePattern {
  private final String source;
  private final Pattern compiled;

  private ShapePattern(String source, Pattern compiled) {
    this.source = source;
    this.compiled = compiled;
  }

  /**
   * Compiles a model pattern.
   *
   * @throws IllegalArgumentException naming the shape when the pattern is not a Java regex
   */
  public static ShapePattern compile(String shapeName, String source) {
    Objects.requireNonNull(source, "source");
    try {
      return new ShapePattern(source, Pattern.compile(source));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "Shape " + shapeName + " has a pattern Java cannot compile: " + e.getMessage(), e);
    }
  }

  /** The pattern as the model writes it. */
  public String source() {
    return source;
  }

  /** The pattern as Coral prints it in messages: with a leading {@code ^}. */
  public String printed() {
    return source.startsWith("^") ? source : "^" + source;
  }

  /** Whether the whole of {@code value} matches. */
  public boolean matches(CharSequence value) {
    return compiled.matcher(value).matches();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ShapePattern that && source.equals(that.source);
  }

  @Override
  public int hashCode() {
    return source.hashCode();
  }

  @Override
  public String toString() {
    return printed();
  }
}
