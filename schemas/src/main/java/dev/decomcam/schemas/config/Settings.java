package dev.decomcam.schemas.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * A service's configuration, layered as Kafka tools do it: built-in defaults, then a properties
 * file, then environment variables ({@code DECOMCAM_} + the key in upper case with dots and
 * dashes as underscores, e.g. {@code DECOMCAM_BOOTSTRAP_SERVERS}), then command-line flags
 * ({@code --key=value} or {@code --key value}); the last one wins. Typed getters fail with one
 * line that names the key, the bad value and the fix, so a wrong config never starts a service.
 */
public final class Settings {
  private final Map<String, String> values;
  private final Map<String, String> origin;

  private Settings(Map<String, String> values, Map<String, String> origin) {
    this.values = values;
    this.origin = origin;
  }

  /** Layers {@code defaults}, the optional {@code file}, the environment and {@code flags}. */
  public static Settings load(Map<String, String> defaults, Path file, Map<String, String> env, Map<String, String> flags) {
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, String> origin = new LinkedHashMap<>();
    defaults.forEach((k, v) -> put(values, origin, k, v, "default"));
    if (file != null) {
      if (!Files.isRegularFile(file)) {
        throw new ConfigException("config file not found: " + file + ": pass an existing .properties file or none");
      }
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(file)) {
        p.load(r);
      } catch (IOException e) {
        throw new ConfigException("config file unreadable: " + file + ": " + e.getMessage());
      }
      p.stringPropertyNames().forEach(k -> put(values, origin, k, p.getProperty(k).trim(), file.toString()));
    }
    Set<String> keys = new java.util.TreeSet<>(values.keySet());
    keys.addAll(flags.keySet());
    for (String key : keys) {
      String v = env.get(envName(key));
      if (v != null) {
        put(values, origin, key, v, "environment " + envName(key));
      }
    }
    flags.forEach((k, v) -> put(values, origin, k, v, "flag --" + k));
    return new Settings(values, origin);
  }

  /** Settings from defaults and flags only (tests, embedded use). */
  public static Settings of(Map<String, String> defaults, Map<String, String> overrides) {
    return load(defaults, null, Map.of(), overrides);
  }

  private static void put(Map<String, String> values, Map<String, String> origin, String k, String v, String from) {
    values.put(k, v);
    origin.put(k, from);
  }

  /** The environment variable that overrides {@code key}. */
  public static String envName(String key) {
    return "DECOMCAM_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  public String get(String key) {
    String v = values.get(key);
    if (v == null || v.isBlank()) {
      throw new ConfigException("config key '" + key + "' is not set: pass --" + key + "=<value> or set "
          + envName(key));
    }
    return v;
  }

  public String get(String key, String fallback) {
    String v = values.get(key);
    return v == null || v.isBlank() ? fallback : v;
  }

  public boolean has(String key) {
    String v = values.get(key);
    return v != null && !v.isBlank();
  }

  public int getInt(String key) {
    String v = get(key);
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw bad(key, v, "a whole number");
    }
  }

  public int getInt(String key, int min, int max) {
    int v = getInt(key);
    if (v < min || v > max) {
      throw bad(key, Integer.toString(v), "a whole number from " + min + " to " + max);
    }
    return v;
  }

  public long getLong(String key) {
    String v = get(key);
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw bad(key, v, "a whole number");
    }
  }

  public double getDouble(String key) {
    String v = get(key);
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw bad(key, v, "a number");
    }
  }

  public boolean getBoolean(String key) {
    String v = get(key).trim().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw bad(key, v, "true or false");
    };
  }

  /** The value, which must be one of {@code allowed} (compared case-insensitively, returned lower case). */
  public String getChoice(String key, String... allowed) {
    String v = get(key).trim();
    for (String a : allowed) {
      if (a.equalsIgnoreCase(v)) {
        return a;
      }
    }
    throw bad(key, v, "one of " + String.join(", ", allowed));
  }

  public Path getPath(String key) {
    return Path.of(get(key));
  }

  /** Entries whose key starts with {@code prefix}, with the prefix removed (pass-through configs). */
  public Map<String, String> withPrefix(String prefix) {
    Map<String, String> out = new LinkedHashMap<>();
    values.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        out.put(k.substring(prefix.length()), v);
      }
    });
    return out;
  }

  public Map<String, String> asMap() {
    return Collections.unmodifiableMap(values);
  }

  private ConfigException bad(String key, String value, String expected) {
    return new ConfigException("config key '" + key + "' = '" + value + "' (from " + origin.get(key)
        + ") is not valid: expected " + expected);
  }
}
