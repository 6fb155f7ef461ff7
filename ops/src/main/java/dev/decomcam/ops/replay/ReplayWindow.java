package dev.decomcam.ops.replay;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * One camera's stretch of capture time to replay: the frames captured at {@code fromMs} or later
 * and before {@code toMs} (half-open, so back-to-back windows share no frame).
 */
public record ReplayWindow(String camera, long fromMs, long toMs) {
  public ReplayWindow {
    if (camera == null || camera.isBlank()) {
      throw new IllegalArgumentException("replay camera is empty: pass --camera ID");
    }
    if (toMs <= fromMs) {
      throw new IllegalArgumentException(
          "replay window ends ("
              + Instant.ofEpochMilli(toMs)
              + ") before it starts ("
              + Instant.ofEpochMilli(fromMs)
              + "): give --to later than --from");
    }
  }

  /** Whether a frame captured at {@code captureMs} is in the window. */
  public boolean contains(long captureMs) {
    return captureMs >= fromMs && captureMs < toMs;
  }

  /**
   * A time of the command line as epoch milliseconds: digits only are epoch ms; otherwise ISO-8601
   * with an offset ({@code 2025-06-01T10:00:00Z}, {@code ...+02:00}) or without one (local time of
   * {@code zone}).
   */
  public static long parseTime(String flag, String text, ZoneId zone) {
    String t = text == null ? "" : text.strip();
    if (t.matches("\\d{1,15}")) {
      return Long.parseLong(t);
    }
    try {
      return OffsetDateTime.parse(t).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      try {
        return LocalDateTime.parse(t).atZone(zone).toInstant().toEpochMilli();
      } catch (DateTimeParseException e2) {
        throw new IllegalArgumentException(
            "--"
                + flag
                + " '"
                + text
                + "' is not a time: give epoch milliseconds or ISO-8601, e.g."
                + " 2025-06-01T10:00:00Z or 2025-06-01T12:00:00");
      }
    }
  }
}
