package dev.decomcam.ops.train;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A minimal protocol-buffers encoder (varints, length-delimited fields, nested messages), enough
 * to write an ONNX model without the protobuf runtime. Wire format:
 * https://protobuf.dev/programming-guides/encoding/
 */
final class Proto {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /** Field of wire type 0 (int32, int64, enum, bool). */
  Proto varint(int field, long value) {
    tag(field, 0);
    raw(value);
    return this;
  }

  /** Field of wire type 5 (float). */
  Proto float32(int field, float value) {
    tag(field, 5);
    int bits = Float.floatToIntBits(value);
    for (int i = 0; i < 4; i++) {
      out.write((bits >> (8 * i)) & 255);
    }
    return this;
  }

  Proto string(int field, String value) {
    return bytes(field, value.getBytes(StandardCharsets.UTF_8));
  }

  Proto bytes(int field, byte[] value) {
    tag(field, 2);
    raw(value.length);
    out.writeBytes(value);
    return this;
  }

  Proto message(int field, Proto message) {
    return bytes(field, message.toByteArray());
  }

  /** Floats as little-endian bytes, the layout of ONNX's {@code raw_data}. */
  static byte[] littleEndian(float[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return b.array();
  }

  byte[] toByteArray() {
    return out.toByteArray();
  }

  private void tag(int field, int wireType) {
    raw(((long) field << 3) | wireType);
  }

  private void raw(long v) {
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }
}
