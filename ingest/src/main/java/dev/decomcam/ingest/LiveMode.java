package dev.decomcam.ingest;

import java.util.Locale;

/**
 * The ingest setting {@code live}: whether a camera's frames are stamped {@code Frame.live}, which
 * lets the processor skip stale frames under overload to keep the camera current. {@link #AUTO}
 * decides by the source: a network stream or a capture device is live (it cannot wait), and so is
 * any source paced in real time (it stands in for one); a file published as fast as possible is a
 * replay, where every frame must be explained.
 */
public enum LiveMode {
  AUTO,
  TRUE,
  FALSE;

  /** The setting's valid values, as written in a config. */
  static final String[] CHOICES = {"auto", "true", "false"};

  /** One of {@link #CHOICES} (case-insensitive). */
  static LiveMode parse(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }

  /** Whether frames of a source of {@code kind}, released by {@code pacing}, are live. */
  public boolean resolve(VideoSource.Kind kind, Pacer.Mode pacing) {
    return switch (this) {
      case TRUE -> true;
      case FALSE -> false;
      case AUTO -> kind != VideoSource.Kind.FILE || pacing == Pacer.Mode.REALTIME;
    };
  }
}
