package dev.decomcam.sink.record;

/**
 * How a camera's recording is cut into files: segments of {@code lengthMs} of capture time, on the
 * clock (a segment holds the frames captured in {@code [k * lengthMs, (k + 1) * lengthMs)}, so
 * 5-minute segments start at :00, :05, ...), of which the newest {@code keep} closed ones are kept
 * (the one being written comes on top).
 *
 * @param lengthMs capture time per segment in milliseconds; 0 = one file per camera per run
 * @param keep closed segments kept per camera, older ones deleted; 0 = keep all
 */
public record Segments(long lengthMs, int keep) {
  /** One file per camera per run, nothing deleted. */
  public static final Segments ONE_FILE = new Segments(0, 0);

  public Segments {
    if (lengthMs < 0) {
      throw new IllegalArgumentException(
          "segment length " + lengthMs + " ms: use 0 (one file per run) or more, e.g. 300000");
    }
    if (keep < 0) {
      throw new IllegalArgumentException(
          "segments kept " + keep + ": use 0 (keep all) or more, e.g. 12");
    }
  }

  /** Segments of {@code seconds} of capture time, keeping {@code keep} closed ones. */
  public static Segments ofSeconds(int seconds, int keep) {
    return new Segments(seconds * 1000L, keep);
  }

  /** Whether recordings roll at all. */
  public boolean rolling() {
    return lengthMs > 0;
  }

  /**
   * The segment a frame captured at {@code captureMs} belongs to: its number on the clock, or 0
   * when recordings do not roll.
   */
  public long segmentOf(long captureMs) {
    return rolling() ? Math.floorDiv(captureMs, lengthMs) : 0;
  }
}
