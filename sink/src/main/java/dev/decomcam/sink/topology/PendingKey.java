package dev.decomcam.sink.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;

/**
 * Store keys {@code camera id, 0x00, sequence (8 bytes big-endian)}: byte order equals (camera,
 * sequence) order for sequences &ge; 0, so one range scan finds a camera's entries below a
 * sequence.
 */
final class PendingKey {
  private PendingKey() {}

  static Bytes of(String cameraId, long sequence) {
    byte[] cam = cameraId.getBytes(StandardCharsets.UTF_8);
    return Bytes.wrap(
        ByteBuffer.allocate(cam.length + 9).put(cam).put((byte) 0).putLong(sequence).array());
  }

  static long sequence(Bytes key) {
    byte[] k = key.get();
    return ByteBuffer.wrap(k, k.length - 8, 8).getLong();
  }
}
