package dev.decomcam.processor.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frames waiting for their batch in the changelogged {@code frame-buffer} store, keyed by offset: a
 * frame consumed (its offset committed) but not yet explained survives a crash, and frames restored
 * from the changelog go first, whatever the batch size is now.
 */
final class FrameBatcher {
  private static final Logger LOG = LoggerFactory.getLogger(FrameBatcher.class);

  private final KeyValueStore<Long, byte[]> buffer;
  private int pending;

  FrameBatcher(KeyValueStore<Long, byte[]> buffer) {
    this.buffer = buffer;
    try (KeyValueIterator<Long, byte[]> it = buffer.all()) {
      while (it.hasNext()) {
        it.next();
        pending++;
      }
    }
    if (pending > 0) {
      LOG.info("{} buffered frames restored; they are explained first", pending);
    }
  }

  /** Buffers {@code p}; returns how many frames wait now. */
  int add(PendingFrame p) {
    buffer.put(p.offset(), p.encode());
    return ++pending;
  }

  /**
   * Every buffered frame, in offset order, and empties the buffer. An entry that does not decode
   * goes to {@code corrupt} as a frame of its raw bytes (received at {@code nowMs}) with the
   * reason.
   */
  List<PendingFrame> drain(long nowMs, BiConsumer<PendingFrame, String> corrupt) {
    if (pending == 0) {
      return List.of();
    }
    List<Long> keys = new ArrayList<>();
    List<PendingFrame> batch = new ArrayList<>();
    try (KeyValueIterator<Long, byte[]> it = buffer.all()) {
      while (it.hasNext()) {
        KeyValue<Long, byte[]> kv = it.next();
        keys.add(kv.key);
        try {
          batch.add(PendingFrame.decode(kv.value));
        } catch (IllegalArgumentException e) {
          corrupt.accept(new PendingFrame(null, kv.value, nowMs, "", -1, kv.key), e.getMessage());
        }
      }
    }
    keys.forEach(buffer::delete);
    pending = 0;
    return batch;
  }
}
