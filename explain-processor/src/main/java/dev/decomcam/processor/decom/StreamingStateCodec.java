package dev.decomcam.processor.decom;

import dev.decomcam.processor.track.Track;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * Compact binary form of a {@link StreamingState} (big-endian, {@link DataOutputStream}), for a
 * Kafka Streams key-value store keyed by camera id whose changelog lets a restarted task resume
 * warm. Layout: magic "DCSS", version byte, counters and shape, channel set, basis (doubles, so a
 * restored state continues exactly as an uninterrupted one would), scene signature and components
 * (floats; version 2 adds each component's opposite-orientation score, version 3 marks the
 * count-sketch scene signature; versions 1 and 2 are still read, without their signature, which was
 * computed another way and is not comparable). About 15 KB for 100 channels, 10 components at 7×7.
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
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeByte(VERSION);
      out.writeLong(s.frames());
      out.writeLong(s.lastSeenMs());
      out.writeInt(s.targetClass());
      out.writeInt(s.featureChannels());
      out.writeInt(s.featureHeight());
      out.writeInt(s.featureWidth());
      out.writeInt(s.nextId());
      out.writeInt(s.channels().length);
      for (int c : s.channels()) {
        out.writeInt(c);
      }
      DMatrixRMaj b = s.basis();
      out.writeInt(b.numRows);
      out.writeInt(b.numCols);
      for (int i = 0; i < b.numRows * b.numCols; i++) {
        out.writeDouble(b.data[i]);
      }
      writeFloats(out, s.scene());
      out.writeInt(s.components().size());
      for (StreamingState.Component c : s.components()) {
        out.writeInt(c.track().id());
        out.writeInt(c.track().age());
        out.writeDouble(c.score());
        out.writeLong(c.scoredAtFrame());
        writeFloats(out, c.track().map());
        writeFloats(out, c.scoredMap());
        out.writeBoolean(c.hasOpposite());
        if (c.hasOpposite()) {
          out.writeDouble(c.oppositeScore());
          out.writeLong(c.oppositeScoredAtFrame());
          writeFloats(out, c.oppositeScoredMap());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("streaming state: could not encode", e);
    }
    return bytes.toByteArray();
  }

  public static StreamingState decode(byte[] data) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      if (data.length < 5 || in.readInt() != MAGIC) {
        throw new IllegalArgumentException(
            "streaming state: not a streaming Decom-CAM state (bad magic): "
                + "delete the camera's entry from the state store to start cold");
      }
      byte version = in.readByte();
      if (version < 1 || version > VERSION) {
        throw new IllegalArgumentException(
            "streaming state: format version "
                + version
                + ", this build reads 1 to "
                + VERSION
                + ": delete the camera's entry from the state store to start cold");
      }
      long frames = in.readLong();
      long lastSeen = in.readLong();
      int target = in.readInt();
      int c = in.readInt();
      int h = in.readInt();
      int w = in.readInt();
      int nextId = in.readInt();
      int k = length(in, 4);
      int[] channels = new int[k];
      for (int i = 0; i < k; i++) {
        channels[i] = in.readInt();
      }
      int rows = in.readInt();
      int cols = in.readInt();
      if (rows < 0 || cols < 0 || (long) rows * cols * 8 > in.available()) {
        throw corrupt("basis " + rows + "x" + cols);
      }
      DMatrixRMaj basis = new DMatrixRMaj(rows, cols);
      for (int i = 0; i < rows * cols; i++) {
        basis.data[i] = in.readDouble();
      }
      float[] scene = readFloats(in);
      if (version < 3) {
        scene = new float[0]; // an older signature: the next frame skips the scene-cut check once
      }
      int n = length(in, 24);
      List<StreamingState.Component> comps = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        int id = in.readInt();
        int age = in.readInt();
        double score = in.readDouble();
        long scoredAt = in.readLong();
        float[] map = readFloats(in);
        float[] scoredMap = readFloats(in);
        Track track = new Track(id, map, age);
        if (version >= 2 && in.readBoolean()) {
          double opposite = in.readDouble();
          long oppositeAt = in.readLong();
          comps.add(
              new StreamingState.Component(
                  track, score, scoredAt, scoredMap, opposite, oppositeAt, readFloats(in)));
        } else {
          comps.add(new StreamingState.Component(track, score, scoredAt, scoredMap));
        }
      }
      if (in.available() != 0) {
        throw corrupt(in.available() + " trailing bytes");
      }
      return new StreamingState(
          frames, lastSeen, target, c, h, w, channels, basis, scene, nextId, comps);
    } catch (IOException e) {
      throw corrupt("truncated (" + data.length + " bytes)");
    }
  }

  private static void writeFloats(DataOutputStream out, float[] a) throws IOException {
    out.writeInt(a.length);
    for (float v : a) {
      out.writeFloat(v);
    }
  }

  private static float[] readFloats(DataInputStream in) throws IOException {
    float[] a = new float[length(in, 4)];
    for (int i = 0; i < a.length; i++) {
      a[i] = in.readFloat();
    }
    return a;
  }

  /**
   * A length prefix, checked against the bytes left (each element needs at least {@code
   * bytesEach}).
   */
  private static int length(DataInputStream in, int bytesEach) throws IOException {
    int n = in.readInt();
    if (n < 0 || (long) n * bytesEach > in.available()) {
      throw corrupt("length " + n + " exceeds the " + in.available() + " bytes left");
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
