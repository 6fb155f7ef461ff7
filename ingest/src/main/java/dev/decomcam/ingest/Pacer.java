package dev.decomcam.ingest;

/**
 * Releases frames either as fast as possible or in real time by their presentation timestamps, so a
 * recording replays at the speed it was captured.
 *
 * <p>Real time anchors the first frame's pts to the clock and waits until each later frame is due.
 * When the timeline jumps backwards (a loop without offset, a stream reset) or the reader falls
 * more than {@link #MAX_LAG_NANOS} behind (a slow broker), it re-anchors instead of bursting frames
 * to catch up.
 */
public final class Pacer {
  /** How frames are released. */
  public enum Mode {
    REALTIME,
    FAST
  }

  /** Lag after which real-time pacing gives up catching up and re-anchors. */
  static final long MAX_LAG_NANOS = 1_000_000_000L;

  /** Time source; a fake one makes the pacing testable. */
  public interface Clock {
    long nanoTime();

    void sleepNanos(long nanos) throws InterruptedException;

    static Clock system() {
      return new Clock() {
        @Override
        public long nanoTime() {
          return System.nanoTime();
        }

        @Override
        public void sleepNanos(long nanos) throws InterruptedException {
          Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        }
      };
    }
  }

  private final Mode mode;
  private final Clock clock;
  private boolean anchored;
  private long anchorNanos;
  private long anchorPts;
  private long lastPts;

  public Pacer(Mode mode, Clock clock) {
    this.mode = mode;
    this.clock = clock;
  }

  public Pacer(Mode mode) {
    this(mode, Clock.system());
  }

  public Mode mode() {
    return mode;
  }

  /** Blocks until the frame with this presentation timestamp is due. */
  public void await(long ptsMicros) throws InterruptedException {
    if (mode == Mode.FAST) {
      return;
    }
    long now = clock.nanoTime();
    if (!anchored || ptsMicros < lastPts) {
      anchor(now, ptsMicros);
      return;
    }
    lastPts = ptsMicros;
    long due = anchorNanos + (ptsMicros - anchorPts) * 1000;
    long wait = due - now;
    if (wait > 0) {
      clock.sleepNanos(wait);
    } else if (-wait > MAX_LAG_NANOS) {
      anchor(now, ptsMicros);
    }
  }

  private void anchor(long now, long pts) {
    anchored = true;
    anchorNanos = now;
    anchorPts = pts;
    lastPts = pts;
  }
}
