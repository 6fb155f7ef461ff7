package dev.decomcam.sink.topology;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Records waiting for their join partner, keyed by camera and sequence ({@link PendingKey}), over
 * one state store (frames or explanations): put, take, and removal of a camera's entries below a
 * sequence, which is how stale entries expire.
 */
final class PendingStore {

  private final KeyValueStore<Bytes, byte[]> store;

  PendingStore(KeyValueStore<Bytes, byte[]> store) {
    this.store = store;
  }

  /** The record waiting for {@code cam}/{@code seq}; null when none. */
  byte[] get(String cam, long seq) {
    return store.get(PendingKey.of(cam, seq));
  }

  void put(String cam, long seq, byte[] value) {
    store.put(PendingKey.of(cam, seq), value);
  }

  void delete(String cam, long seq) {
    store.delete(PendingKey.of(cam, seq));
  }

  /**
   * A camera's first entry with sequence from {@code from} up to below {@code bound}, left in
   * place; null when there is none. Reads one entry, however many wait (a recording's may be many).
   */
  KeyValue<Bytes, byte[]> first(String cam, long from, long bound) {
    List<KeyValue<Bytes, byte[]>> first = read(cam, from, bound, 1);
    return first.isEmpty() ? null : first.get(0);
  }

  /** Removes and returns a camera's entries with sequence below {@code bound}. */
  List<KeyValue<Bytes, byte[]>> removeBelow(String cam, long bound) {
    return removeBetween(cam, 0, bound);
  }

  /**
   * Removes and returns a camera's entries with sequence from {@code from} up to below {@code
   * bound}, for a caller that knows none lies below {@code from}.
   */
  List<KeyValue<Bytes, byte[]>> removeBetween(String cam, long from, long bound) {
    List<KeyValue<Bytes, byte[]>> out = read(cam, from, bound, Integer.MAX_VALUE);
    out.forEach(kv -> store.delete(kv.key));
    return out;
  }

  /**
   * Up to {@code max} of a camera's entries with sequence from {@code from} up to below {@code
   * bound}, in sequence order. Reads nothing when the span is empty: a range scan costs a RocksDB
   * iterator, which also steps over the tombstones that earlier removals left, so a scan from 0 on
   * every record would cost more the longer a camera runs.
   */
  private List<KeyValue<Bytes, byte[]>> read(String cam, long from, long bound, int max) {
    List<KeyValue<Bytes, byte[]>> out = new ArrayList<>();
    long start = Math.max(0, from);
    if (bound <= start) {
      return out;
    }
    try (KeyValueIterator<Bytes, byte[]> it =
        store.range(PendingKey.of(cam, start), PendingKey.of(cam, bound - 1))) {
      while (out.size() < max && it.hasNext()) {
        out.add(it.next());
      }
    }
    return out;
  }

  /**
   * Removes all of a camera's entries without holding their values (a recording's may be many
   * frames); returns how many.
   */
  int forget(String cam) {
    List<Bytes> keys = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> it =
        store.range(PendingKey.of(cam, 0), PendingKey.of(cam, Long.MAX_VALUE))) {
      while (it.hasNext()) {
        keys.add(it.next().key);
      }
    }
    keys.forEach(store::delete);
    return keys.size();
  }

  /** Removes all of a camera's entries. */
  void clear(String cam) {
    removeBelow(cam, Long.MAX_VALUE);
  }
}
