package dev.decomcam.schemas.serde;

import dev.decomcam.schemas.Explanation;
import dev.decomcam.schemas.Frame;

/**
 * What a frame or explanation record must hold beyond decoding: a camera id that can safely become
 * a store key, a metric label, a file name's stem and a JSON key (at most {@link
 * #MAX_CAMERA_ID_CHARS} characters, no control characters), and fields in range (sequence and sizes
 * not negative). The services dead-letter a record that breaks them, with the one-line reason these
 * checks give, before the camera id is used anywhere.
 */
public final class RecordRules {
  /** The longest camera id accepted; longer ones are dead-lettered. */
  public static final int MAX_CAMERA_ID_CHARS = 200;

  private RecordRules() {}

  /** A one-line {@link IllegalArgumentException} when {@code id} is not a usable camera id. */
  public static void checkCameraId(String id) {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("camera id is empty: the producer must set camera.id");
    }
    if (id.length() > MAX_CAMERA_ID_CHARS) {
      throw new IllegalArgumentException(
          "camera id of "
              + id.length()
              + " characters ("
              + printable(id)
              + ") is over the "
              + MAX_CAMERA_ID_CHARS
              + " allowed: give the camera a short id (camera.id)");
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        throw new IllegalArgumentException(
            String.format(
                "camera id %s holds the control character U+%04X at index %d: use printable"
                    + " characters only (camera.id)",
                printable(id), (int) c, i));
      }
    }
  }

  /** Checks a frame's camera id and that its sequence and sizes are in range. */
  public static void check(Frame f) {
    checkCameraId(f.getCameraId());
    String where = "frame " + f.getCameraId() + "#" + f.getSequence();
    if (f.getSequence() < 0) {
      throw new IllegalArgumentException(
          where + ": negative sequence: a camera's frames are numbered from 0");
    }
    if (f.getWidth() < 1 || f.getHeight() < 1) {
      throw new IllegalArgumentException(
          where
              + ": size "
              + f.getWidth()
              + "x"
              + f.getHeight()
              + " is not positive: the producer must give the image's width and height");
    }
  }

  /** Checks an explanation's camera id and sequence. */
  public static void check(Explanation e) {
    checkCameraId(e.getCameraId());
    if (e.getSequence() < 0) {
      throw new IllegalArgumentException(
          "explanation "
              + e.getCameraId()
              + "#"
              + e.getSequence()
              + ": negative sequence: explanations carry their frame's sequence, from 0");
    }
  }

  /**
   * {@code id} quoted for a message or log line: its first 40 characters, control characters
   * escaped as {@code \\uXXXX}, so a hostile id can neither flood nor forge a line.
   */
  public static String printable(String id) {
    if (id == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder("'");
    int n = Math.min(id.length(), 40);
    for (int i = 0; i < n; i++) {
      char c = id.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\'') {
        sb.append(String.format("\\u%04X", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append(id.length() > n ? "...'" : "'").toString();
  }
}
