package dev.decomcam.common.config;

/**
 * A configuration value that is missing or invalid. The message is one line naming the key, the
 * offending value and the fix, so a launcher can print it instead of a stack trace.
 */
public final class ConfigError extends IllegalArgumentException {
  public ConfigError(String message) {
    super(message);
  }
}
