package dev.decomcam.processor.track;

/**
 * A live component as the tracker remembers it between frames: its stable {@code id}, its signed
 * map at feature resolution (after the sign fix, so the next frame is matched against the
 * orientation the viewer saw) and its {@code age} in frames (1 on the frame it appeared).
 *
 * <p>The array is not copied; treat it as read-only.
 */
public record Track(int id, float[] map, int age) {

  public Track {
    if (map == null || map.length == 0) {
      throw new IllegalArgumentException("track " + id + ": map must hold at least one value");
    }
    if (age < 1) {
      throw new IllegalArgumentException("track " + id + ": age must be >= 1, got " + age);
    }
  }
}
