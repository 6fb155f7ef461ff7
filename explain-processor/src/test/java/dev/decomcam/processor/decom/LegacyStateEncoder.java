package dev.decomcam.processor.decom;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.ejml.data.DMatrixRMaj;

/**
 * The version-3 encoder as released up to commit d5c8b6f, a value at a time through a {@link
 * DataOutputStream}, kept verbatim as the reference {@link StreamingStateCodec#encode} must match
 * byte for byte.
 */
final class LegacyStateEncoder {

  private LegacyStateEncoder() {}

  static byte[] encode(StreamingState s) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(StreamingStateCodec.MAGIC);
      out.writeByte(3);
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
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void writeFloats(DataOutputStream out, float[] a) throws IOException {
    out.writeInt(a.length);
    for (float v : a) {
      out.writeFloat(v);
    }
  }
}
