package dev.decomcam.sink.feed;

import dev.decomcam.schemas.Overlay;

/** Receives committed overlays from an {@link OverlayFeed}, on the feed's thread. */
public interface OverlayListener extends AutoCloseable {
  /**
   * One overlay; a listener that cannot use it throws IllegalArgumentException (logged, skipped).
   */
  void onOverlay(Overlay overlay);

  /** Called once when the feed stops. */
  @Override
  default void close() {}
}
