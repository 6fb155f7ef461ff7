package dev.decomcam.processor.topology;

import dev.decomcam.common.kafka.CameraCap;
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
 *
 * <p>The store's cameras are the task's cameras as far as the instance's {@link CameraCap} is
 * concerned: a frame of a camera the store does not hold takes a slot, and is refused when none is
 * left; a camera's slot is given back when its entry expires, and all of them when the task closes
 * (the task that opens them next, here or on another instance, counts them from its restored
 * store).
 */
final class CameraSequences {
  private final KeyValueStore<String, byte[]> store;
  private final CameraCap cap;
  private int held;

  /** Over {@code store}, taking a slot of {@code cap} for each camera it holds already. */
  CameraSequences(KeyValueStore<String, byte[]> store, CameraCap cap) {
    this.store = store;
    this.cap = cap;
    try (KeyValueIterator<String, byte[]> it = store.all()) {
      while (it.hasNext()) {
        it.next();
        held++;
      }
    }
    cap.hold(held);
  }

  /**
   * Records {@code sequence} as the camera's last at {@code now}, or returns the one-line reason it
   * is refused (null when accepted; a refused frame leaves the last sequence as it was): a sequence
   * that steps back, or a new camera beyond the instance's camera cap.
   */
  String accept(String camera, long sequence, long now) {
    byte[] last = store.get(camera);
    if (last == null) {
      if (!cap.tryTake()) {
        return cap.refusal("frame " + camera + "#" + sequence);
      }
      held++;
    } else if (sequence != 0) {
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

  /**
   * Deletes the cameras whose last frame came more than {@code idleMs} before {@code now}, giving
   * back their slots.
   */
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
    held -= idle.size();
    cap.release(idle.size());
  }

  /** Gives back the slots of the task's cameras: the task is closing. */
  void release() {
    cap.release(held);
    held = 0;
  }
}
