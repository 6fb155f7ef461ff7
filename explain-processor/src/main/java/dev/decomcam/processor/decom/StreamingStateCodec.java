package dev.decomcam.processor.decom;

import dev.decomcam.processor.track.Track;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * Compact binary form of a {@link StreamingState} (big-endian, the layout of {@code
 * java.io.DataOutputStream}), for a Kafka Streams key-value store keyed by camera id whose
 * changelog lets a restarted task resume warm. Layout: magic "DCSS", version byte, counters and
 * shape, channel set, basis (doubles, so a restored state continues exactly as an uninterrupted one
 * would), scene signature and components (floats; version 2 adds each component's
 * opposite-orientation score, version 3 marks the count-sketch scene signature; versions 1 and 2
 * are still read, without their signature, which was computed another way and is not comparable).
 * About 15 KB for 100 channels, 10 components at 7×7.
 *
 * <p>Encoding sizes the record first and fills one array through a {@link ByteBuffer}, and decoding
 * reads arrays in bulk through its views, instead of a value at a time through data streams. Floats
 * and doubles are written as {@link Float#floatToIntBits} and {@link Double#doubleToLongBits} (NaN
 * canonical), as the data streams of earlier releases wrote them, so the bytes are the same.
 *
 * <p>A different version is refused with a message saying to drop the camera's state (the next
 * frame then starts cold); lengths are checked against the bytes left so corrupt input fails fast
 * instead of allocating. Stateless and thread-safe.
 */
public final class StreamingStateCodec {

  /** "DCSS". */
  static final int MAGIC = 0x44435353;

  public static final byte VERSION = 3;

  private StreamingStateCodec() {}

  public static byte[] encode(StreamingState s) {
    DMatrixRMaj b = s.basis();
    int basis = b.numRows * b.numCols;
    ByteBuffer out = ByteBuffer.allocate(size(s));
    out.putInt(MAGIC);
    out.put(VERSION);
    out.putLong(s.frames());
    out.putLong(s.lastSeenMs());
    out.putInt(s.targetClass());
    out.putInt(s.featureChannels());
    out.putInt(s.featureHeight());
    out.putInt(s.featureWidth());
    out.putInt(s.nextId());
    out.putInt(s.channels().length);
    for (int c : s.channels()) {
      out.putInt(c);
    }
    out.putInt(b.numRows);
    out.putInt(b.numCols);
    for (int i = 0; i < basis; i++) {
      out.putLong(Double.doubleToLongBits(b.data[i]));
    }
    putFloats(out, s.scene());
    out.putInt(s.components().size());
    for (StreamingState.Component c : s.components()) {
      out.putInt(c.track().id());
      out.putInt(c.track().age());
      out.putLong(Double.doubleToLongBits(c.score()));
      out.putLong(c.scoredAtFrame());
      putFloats(out, c.track().map());
      putFloats(out, c.scoredMap());
      out.put((byte) (c.hasOpposite() ? 1 : 0));
      if (c.hasOpposite()) {
        out.putLong(Double.doubleToLongBits(c.oppositeScore()));
        out.putLong(c.oppositeScoredAtFrame());
        putFloats(out, c.oppositeScoredMap());
      }
    }
    if (out.hasRemaining()) {
      throw new IllegalStateException(
          "streaming state: encoded " + out.position() + " of " + out.capacity() + " bytes");
    }
    return out.array();
  }

  /** The encoded length of {@code s} in bytes. */
  private static int size(StreamingState s) {
    long n = 4 + 1 + 8 + 8 + 5 * 4 + 4 + 4L * s.channels().length;
    n += 8 + 8L * s.basis().numRows * s.basis().numCols;
    n += floats(s.scene()) + 4;
    for (StreamingState.Component c : s.components()) {
      n += 4 + 4 + 8 + 8 + floats(c.track().map()) + floats(c.scoredMap()) + 1;
      if (c.hasOpposite()) {
        n += 8 + 8 + floats(c.oppositeScoredMap());
      }
    }
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "streaming state: " + n + " bytes is too large to store: reduce topK or components");
    }
    return (int) n;
  }

  private static long floats(float[] a) {
    return 4 + 4L * a.length;
  }

  public static StreamingState decode(byte[] data) {
    ByteBuffer in = ByteBuffer.wrap(data);
    try {
      if (data.length < 5 || in.getInt() != MAGIC) {
        throw new IllegalArgumentException(
            "streaming state: not a streaming Decom-CAM state (bad magic): "
                + "delete the camera's entry from the state store to start cold");
      }
      byte version = in.get();
      if (version < 1 || version > VERSION) {
        throw new IllegalArgumentException(
            "streaming state: format version "
                + version
                + ", this build reads 1 to "
                + VERSION
                + ": delete the camera's entry from the state store to start cold");
      }
      long frames = in.getLong();
      long lastSeen = in.getLong();
      int target = in.getInt();
      int c = in.getInt();
      int h = in.getInt();
      int w = in.getInt();
      int nextId = in.getInt();
      int k = length(in, 4);
      int[] channels = new int[k];
      in.asIntBuffer().get(channels);
      in.position(in.position() + 4 * k);
      int rows = in.getInt();
      int cols = in.getInt();
      if (rows < 0 || cols < 0 || (long) rows * cols * 8 > in.remaining()) {
        throw corrupt("basis " + rows + "x" + cols);
      }
      DMatrixRMaj basis = new DMatrixRMaj(rows, cols);
      in.asDoubleBuffer().get(basis.data, 0, rows * cols);
      in.position(in.position() + 8 * rows * cols);
      float[] scene = readFloats(in);
      if (version < 3) {
        scene = new float[0]; // an older signature: the next frame skips the scene-cut check once
      }
      int n = length(in, 24);
      List<StreamingState.Component> comps = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        int id = in.getInt();
        int age = in.getInt();
        double score = in.getDouble();
        long scoredAt = in.getLong();
        float[] map = readFloats(in);
        float[] scoredMap = readFloats(in);
        Track track = new Track(id, map, age);
        if (version >= 2 && in.get() != 0) {
          double opposite = in.getDouble();
          long oppositeAt = in.getLong();
          comps.add(
              new StreamingState.Component(
                  track, score, scoredAt, scoredMap, opposite, oppositeAt, readFloats(in)));
        } else {
          comps.add(new StreamingState.Component(track, score, scoredAt, scoredMap));
        }
      }
      if (in.hasRemaining()) {
        throw corrupt(in.remaining() + " trailing bytes");
      }
      return new StreamingState(
          frames, lastSeen, target, c, h, w, channels, basis, scene, nextId, comps);
    } catch (BufferUnderflowException e) {
      throw corrupt("truncated (" + data.length + " bytes)");
    }
  }

  private static void putFloats(ByteBuffer out, float[] a) {
    out.putInt(a.length);
    for (float v : a) {
      out.putInt(Float.floatToIntBits(v));
    }
  }

  private static float[] readFloats(ByteBuffer in) {
    float[] a = new float[length(in, 4)];
    in.asFloatBuffer().get(a);
    in.position(in.position() + 4 * a.length);
    return a;
  }

  /**
   * A length prefix, checked against the bytes left (each element needs at least {@code
   * bytesEach}).
   */
  private static int length(ByteBuffer in, int bytesEach) {
    int n = in.getInt();
    if (n < 0 || (long) n * bytesEach > in.remaining()) {
      throw corrupt("length " + n + " exceeds the " + in.remaining() + " bytes left");
    }
    return n;
  }

  private static IllegalArgumentException corrupt(String what) {
    return new IllegalArgumentException(
        "streaming state: corrupt record ("
            + what
            + "): delete the camera's entry "
            + "from the state store to start cold");
  }
}
