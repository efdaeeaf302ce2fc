package dev.berth.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Resolves one setting through Berth's layers (STYLE §14): default &lt; configuration file &lt;
 * command-line flag &lt; environment ({@code BERTH_<KEY>}, e.g. {@code BERTH_DB_URL} for {@code
 * db-url}).
 */
final class Settings {
  private final Properties file;
  private final Map<String, String> env;

  Settings(Properties file, Map<String, String> env) {
    this.file = file;
    this.env = env;
  }

  /** Settings from an optional properties file and the process environment. */
  static Settings load(Path configFile) {
    Properties props = new Properties();
    if (configFile != null) {
      try (InputStream in = Files.newInputStream(configFile)) {
        props.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read configuration file " + configFile, e);
      }
    }
    return new Settings(props, System.getenv());
  }

  /** The environment variable for {@code key}: {@code db-url} → {@code BERTH_DB_URL}. */
  static String envName(String key) {
    return "BERTH_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /** The value of {@code key}: environment, else the flag, else the file, else the default. */
  String get(String key, String flag, String defaultValue) {
    String fromEnv = env.get(envName(key));
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    if (flag != null) {
      return flag;
    }
    return file.getProperty(key, defaultValue);
  }

  /** Like {@link #get} for an integer setting, with a clear error for a non-number. */
  int getInt(String key, Integer flag, int defaultValue) {
    String text = get(key, flag == null ? null : flag.toString(), Integer.toString(defaultValue));
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "setting " + key + " (" + envName(key) + ") must be a number, got '" + text + "'");
    }
  }
}
