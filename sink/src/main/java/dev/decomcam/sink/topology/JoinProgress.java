package dev.decomcam.sink.topology;

import java.nio.ByteBuffer;

/**
 * A camera's join progress, as kept in the progress store: the last frame sequence seen and the
 * last sequence rendered; -1 = none. Stored as two big-endian longs.
 */
record JoinProgress(long lastFrame, long lastRendered) {

  /** Nothing seen yet (a new camera, or one whose ingest restarted). */
  static final JoinProgress NONE = new JoinProgress(-1, -1);

  /** The store value. */
  byte[] bytes() {
    return ByteBuffer.allocate(16).putLong(lastFrame).putLong(lastRendered).array();
  }

  /** Reads a store value; {@link #NONE} for null. */
  static JoinProgress of(byte[] b) {
    if (b == null) {
      return NONE;
    }
    ByteBuffer buf = ByteBuffer.wrap(b);
    return new JoinProgress(buf.getLong(), buf.getLong());
  }

  /** After a frame of sequence {@code seq}. */
  JoinProgress withFrame(long seq) {
    return new JoinProgress(seq, lastRendered);
  }

  /** After rendering sequence {@code seq}. */
  JoinProgress withRendered(long seq) {
    return new JoinProgress(lastFrame, seq);
  }
}
