package dev.decomcam.processor.topology;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The last frame sequence of each camera and when it came (the {@code camera-sequences} store,
 * changelogged, so the rule holds across restarts and exactly once). A camera's sequence must
 * increase; a frame at or below the last one is not this camera's stream (a second producer under
 * the same id, or a replayed record) unless it is 0, which starts a new ingest run. The sink keeps
 * the same rule, so both dead-letter such a frame instead of the processor explaining it twice.
 * Entries of cameras silent for the idle time are deleted with their camera's state.
 */
final class CameraSequences {
  private final KeyValueStore<String, byte[]> store;

  CameraSequences(KeyValueStore<String, byte[]> store) {
    this.store = store;
  }

  /**
   * Records {@code sequence} as the camera's last at {@code now}, or returns the one-line reason it
   * is refused (null when accepted; a refused frame leaves the last sequence as it was).
   */
  String accept(String camera, long sequence, long now) {
    byte[] last = store.get(camera);
    if (last != null && sequence != 0) {
      long previous = ByteBuffer.wrap(last).getLong();
      if (sequence <= previous) {
        return "frame "
            + camera
            + "#"
            + sequence
            + " after #"
            + previous
            + ": a camera's sequence must increase (a restarted ingest starts again at 0):"
            + " check that only one ingest publishes this camera id";
      }
    }
    store.put(camera, ByteBuffer.allocate(16).putLong(sequence).putLong(now).array());
    return null;
  }

  /** Deletes the cameras whose last frame came more than {@code idleMs} before {@code now}. */
  void expire(long now, long idleMs) {
    List<String> idle = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<String, byte[]> e = it.next();
        if (now - ByteBuffer.wrap(e.value).getLong(8) > idleMs) {
          idle.add(e.key);
        }
      }
    }
    idle.forEach(store::delete);
  }
}
