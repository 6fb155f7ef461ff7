package dev.decomcam.ingest;

/**
 * A video source that cannot be opened or read (missing file, not a video, dead URL, too many
 * undecodable frames). The message is one line naming the source and the fix; launchers print it
 * instead of a stack trace.
 */
public final class IngestException extends RuntimeException {
  public IngestException(String message) {
    super(message);
  }

  public IngestException(String message, Throwable cause) {
    super(message, cause);
  }
}
