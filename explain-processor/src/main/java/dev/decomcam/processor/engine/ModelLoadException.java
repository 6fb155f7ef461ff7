package dev.decomcam.processor.engine;

/**
 * A model spec or model that cannot be used, with a one-line message naming the spec, the field or
 * file, and the fix.
 */
public class ModelLoadException extends RuntimeException {

  public ModelLoadException(String message) {
    super(message);
  }

  public ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }

  /** {@code s} (a library's message) on one line; empty for null. */
  static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s+", " ").trim();
  }
}
