package dev.decomcam.common.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Typed, validated access to a service's properties; {@link ConfigDef} reads every declared setting
 * through it.
 *
 * <p>Values come from, in rising priority: built-in defaults, an optional properties file,
 * environment variables ({@code PREFIX_CAMERA_ID} sets {@code camera.id}: upper case, dots as
 * underscores) and explicit overrides (CLI flags). Every invalid value raises a {@link ConfigError}
 * whose one-line message names the key and the fix.
 */
public final class Settings {
  private final Properties props;
  private final Set<String> read = new java.util.HashSet<>();

  public Settings(Properties props) {
    this.props = new Properties();
    this.props.putAll(props);
  }

  /**
   * Merges a properties file (null = none), the environment variables starting with {@code
   * envPrefix} and the overrides, later sources winning.
   */
  public static Properties merge(
      Path file, String envPrefix, Map<String, String> env, Map<String, String> overrides) {
    Properties p = new Properties();
    if (file != null) {
      if (!Files.isRegularFile(file)) {
        throw new ConfigError(
            "config file not found: " + file + ": check the path or leave it out to use defaults");
      }
      try (Reader r = Files.newBufferedReader(file)) {
        p.load(r);
      } catch (IOException | IllegalArgumentException e) {
        throw new ConfigError(
            "config file "
                + file
                + " cannot be read ("
                + e.getMessage()
                + "): fix it as a Java properties file (key=value lines)");
      }
    }
    if (env != null && envPrefix != null) {
      env.forEach(
          (name, value) -> {
            if (name.startsWith(envPrefix) && name.length() > envPrefix.length()) {
              p.setProperty(
                  name.substring(envPrefix.length()).toLowerCase(Locale.ROOT).replace('_', '.'),
                  value);
            }
          });
    }
    if (overrides != null) {
      overrides.forEach(p::setProperty);
    }
    return p;
  }

  /** The raw value, trimmed, or {@code def} when absent or blank. */
  public String string(String key, String def) {
    read.add(key);
    String v = props.getProperty(key);
    return v == null || v.isBlank() ? def : v.trim();
  }

  public String required(String key, String fix) {
    String v = string(key, null);
    if (v == null) {
      throw new ConfigError("config key '" + key + "' is missing: " + fix);
    }
    return v;
  }

  public int intIn(String key, int def, int min, int max) {
    String v = string(key, null);
    if (v == null) {
      return def;
    }
    try {
      int x = Integer.parseInt(v);
      if (x >= min && x <= max) {
        return x;
      }
    } catch (NumberFormatException e) {
      // reported below with the allowed range
    }
    throw new ConfigError(
        "config key '"
            + key
            + "' = '"
            + v
            + "' is invalid: set an integer from "
            + min
            + " to "
            + max);
  }

  public double doubleIn(String key, double def, double min, double max) {
    String v = string(key, null);
    if (v == null) {
      return def;
    }
    try {
      double x = Double.parseDouble(v);
      if (x >= min && x <= max) {
        return x;
      }
    } catch (NumberFormatException e) {
      // reported below with the allowed range
    }
    throw new ConfigError(
        "config key '"
            + key
            + "' = '"
            + v
            + "' is invalid: set a number from "
            + min
            + " to "
            + max);
  }

  public boolean bool(String key, boolean def) {
    String v = string(key, null);
    if (v == null) {
      return def;
    }
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default ->
          throw new ConfigError(
              "config key '" + key + "' = '" + v + "' is invalid: set true or false");
    };
  }

  /** One of {@code allowed} (case-insensitive), returned in lower case. */
  public String choice(String key, String def, Set<String> allowed) {
    String v = string(key, def).toLowerCase(Locale.ROOT);
    if (!allowed.contains(v)) {
      throw new ConfigError(
          "config key '"
              + key
              + "' = '"
              + v
              + "' is invalid: set one of "
              + String.join(", ", allowed.stream().sorted().toList()));
    }
    return v;
  }

  /** A non-blank name such as a topic or id, with {@code def} when absent. */
  public String name(String key, String def) {
    String v = string(key, def);
    if (v == null || v.isBlank() || v.chars().anyMatch(Character::isWhitespace)) {
      throw new ConfigError(
          "config key '" + key + "' = '" + v + "' is invalid: set a non-empty name without spaces");
    }
    return v;
  }

  /** A legal Kafka topic name, with {@code def} when absent. */
  public String topic(String key, String def) {
    String v = string(key, def);
    if (v == null
        || v.length() > 249
        || v.equals(".")
        || v.equals("..")
        || !v.matches("[a-zA-Z0-9._-]+")) {
      throw new ConfigError(
          "config key '"
              + key
              + "' = '"
              + v
              + "' is not a Kafka topic name: use 1 to 249 letters, digits, '.', '_' or '-'");
    }
    return v;
  }

  /**
   * Fails on any key that was never read and does not start with one of {@code passThrough}: a typo
   * ({@code --bootstrap-servers}) would otherwise be ignored without a word. Call it after reading
   * every key.
   */
  public void rejectUnknown(String... passThrough) {
    for (String k : new java.util.TreeSet<>(props.stringPropertyNames())) {
      boolean passes = java.util.Arrays.stream(passThrough).anyMatch(k::startsWith);
      if (!read.contains(k) && !passes) {
        String near = nearest(k, read);
        throw new ConfigError(
            "unknown config key '"
                + k
                + "'"
                + (near != null ? ": did you mean '" + near + "'?" : "")
                + " (known: "
                + String.join(", ", new java.util.TreeSet<>(read))
                + (passThrough.length > 0 ? ", " + String.join("*, ", passThrough) + "*" : "")
                + ")");
      }
    }
  }

  /**
   * The one of {@code known} nearest to {@code key} by edit distance, or null when none is within a
   * third of the key's length (at least 2 edits): close enough to be a typo of it.
   */
  static String nearest(String key, java.util.Collection<String> known) {
    String near =
        known.stream().min(java.util.Comparator.comparingInt(r -> distance(r, key))).orElse(null);
    return near != null && distance(near, key) <= Math.max(2, key.length() / 3) ? near : null;
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  /**
   * The entries whose keys start with {@code prefix}, with the prefix removed (passthrough to Kafka
   * clients).
   */
  public Properties withPrefix(String prefix) {
    Properties out = new Properties();
    for (String k : props.stringPropertyNames()) {
      if (k.startsWith(prefix) && k.length() > prefix.length()) {
        out.setProperty(k.substring(prefix.length()), props.getProperty(k).trim());
      }
    }
    return out;
  }
}
