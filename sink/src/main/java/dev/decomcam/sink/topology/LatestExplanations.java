package dev.decomcam.sink.topology;

import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Each camera's latest real explanation, as the original bytes keyed by camera id, over the
 * changelogged store {@link SinkTopology#LATEST_STORE}: a frame the processor skipped is drawn with
 * it. Updated in the same exactly-once transaction as the overlays, so a restart draws the same
 * explanation again.
 */
final class LatestExplanations {

  private final KeyValueStore<String, byte[]> store;

  LatestExplanations(KeyValueStore<String, byte[]> store) {
    this.store = store;
  }

  /** The camera's latest explanation; null when it has none yet. */
  byte[] get(String cam) {
    return store.get(cam);
  }

  /** Remembers {@code explanation} as the camera's latest. */
  void put(String cam, byte[] explanation) {
    store.put(cam, explanation);
  }

  /** Forgets the camera's latest explanation (its ingest restarted: a new run, new sequences). */
  void clear(String cam) {
    store.delete(cam);
  }
}
