package dev.decomcam.schemas.config;

/** A configuration error whose message is one line naming the key and the fix. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
