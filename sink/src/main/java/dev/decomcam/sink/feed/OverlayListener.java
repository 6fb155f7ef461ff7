package dev.decomcam.sink.feed;

import dev.decomcam.schemas.Overlay;

/** Receives committed overlays from an {@link OverlayFeed}, on the feed's thread. */
public interface OverlayListener extends AutoCloseable {
  /**
   * One overlay; a listener that cannot use it throws IllegalArgumentException (logged, skipped).
   */
  void onOverlay(Overlay overlay);

  /**
   * Forgets what the listener keeps of cameras idle for its expiry time (open files, counters);
   * returns how many cameras. Called on the feed's thread after each poll, overlays or not.
   */
  default int expireIdle() {
    return 0;
  }

  /** Called once when the feed stops. */
  @Override
  default void close() {}
}
