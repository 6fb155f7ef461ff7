package dev.decomcam.processor.topology;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A frame record waiting in the {@code frame-buffer} store for its batch: its raw key and value,
 * its timestamp and where it came from (for a dead letter). Buffered as bytes in a changelogged
 * store, so a frame consumed (its offset committed) but not yet explained survives a crash and is
 * explained after the restart: exactly once, as without batching.
 */
record PendingFrame(
    byte[] key, byte[] value, long timestamp, String topic, int partition, long offset) {

  private static final byte VERSION = 1;

  byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length + 64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeLong(timestamp);
      out.writeUTF(topic);
      out.writeInt(partition);
      out.writeLong(offset);
      writeBytes(out, key);
      writeBytes(out, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Decodes {@link #encode}'s bytes; throws IllegalArgumentException on anything else. */
  static PendingFrame decode(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
      byte version = in.readByte();
      if (version != VERSION) {
        throw new IllegalArgumentException(
            "buffered frame of format version "
                + version
                + ", expected "
                + VERSION
                + ": it was written by another release; the frame is dead-lettered");
      }
      long timestamp = in.readLong();
      String topic = in.readUTF();
      int partition = in.readInt();
      long offset = in.readLong();
      byte[] key = readBytes(in);
      byte[] value = readBytes(in);
      return new PendingFrame(key, value, timestamp, topic, partition, offset);
    } catch (IOException e) {
      throw new IllegalArgumentException("buffered frame is truncated or corrupt (" + e + ")", e);
    }
  }

  private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
    out.writeInt(b == null ? -1 : b.length);
    if (b != null) {
      out.write(b);
    }
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < -1) {
      throw new IOException("negative length " + n);
    }
    if (n == -1) {
      return null;
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return b;
  }
}
