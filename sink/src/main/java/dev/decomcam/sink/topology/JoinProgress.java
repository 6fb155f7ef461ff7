package dev.decomcam.sink.topology;

import java.nio.ByteBuffer;

/**
 * A camera's join progress, as kept in the progress store: the last frame sequence seen, the last
 * sequence rendered, the last frame's capture time and the camera's frame interval (capture time
 * per sequence step between its last two frames); -1 = none or not known. Stored as four big-endian
 * longs; a value of the first two alone (written by an earlier version) reads with the other two
 * unknown.
 */
record JoinProgress(long lastFrame, long lastRendered, long lastCaptureMs, long frameIntervalMs) {

  /** Nothing seen yet (a new camera, or one whose ingest restarted). */
  static final JoinProgress NONE = new JoinProgress(-1, -1, -1, -1);

  /** The store value. */
  byte[] bytes() {
    return ByteBuffer.allocate(32)
        .putLong(lastFrame)
        .putLong(lastRendered)
        .putLong(lastCaptureMs)
        .putLong(frameIntervalMs)
        .array();
  }

  /** Reads a store value; {@link #NONE} for null. */
  static JoinProgress of(byte[] b) {
    if (b == null) {
      return NONE;
    }
    ByteBuffer buf = ByteBuffer.wrap(b);
    long lastFrame = buf.getLong();
    long lastRendered = buf.getLong();
    return buf.remaining() >= 16
        ? new JoinProgress(lastFrame, lastRendered, buf.getLong(), buf.getLong())
        : new JoinProgress(lastFrame, lastRendered, -1, -1);
  }

  /**
   * After a frame of sequence {@code seq} captured at {@code captureMs}: the interval is measured
   * from the frame before when both are known and time went forward, else kept.
   */
  JoinProgress withFrame(long seq, long captureMs) {
    long interval = frameIntervalMs;
    if (lastFrame >= 0 && seq > lastFrame && lastCaptureMs >= 0 && captureMs > lastCaptureMs) {
      interval = (captureMs - lastCaptureMs) / (seq - lastFrame);
    }
    return new JoinProgress(seq, lastRendered, captureMs, interval);
  }

  /** After rendering sequence {@code seq}. */
  JoinProgress withRendered(long seq) {
    return new JoinProgress(lastFrame, seq, lastCaptureMs, frameIntervalMs);
  }
}
