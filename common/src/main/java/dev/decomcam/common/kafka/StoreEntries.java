package dev.decomcam.common.kafka;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Counts the entries of a running Streams client's key-value store, all its local tasks together,
 * by iterating (exact, unlike RocksDB's estimate): to show that per-camera state is bounded.
 */
public final class StoreEntries {
  private StoreEntries() {}

  /** Entries of {@code store} in the client's local tasks; -1 while it cannot be queried. */
  public static long count(KafkaStreams streams, String store) {
    if (streams == null || streams.state() != KafkaStreams.State.RUNNING) {
      return -1;
    }
    try {
      ReadOnlyKeyValueStore<Object, Object> s =
          streams.store(
              StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.keyValueStore()));
      long n = 0;
      try (KeyValueIterator<Object, Object> it = s.all()) {
        while (it.hasNext()) {
          it.next();
          n++;
        }
      }
      return n;
    } catch (RuntimeException e) {
      return -1; // rebalancing, or the store is not open yet
    }
  }
}
