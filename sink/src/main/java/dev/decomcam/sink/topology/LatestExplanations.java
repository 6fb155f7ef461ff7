package dev.decomcam.sink.topology;

import dev.decomcam.schemas.Explanation;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Each camera's latest real explanation, as the original bytes keyed by camera id, over the
 * changelogged store {@link SinkTopology#LATEST_STORE}: a frame the processor skipped is drawn with
 * it. Updated in the same exactly-once transaction as the overlays, so a restart draws the same
 * explanation again.
 *
 * <p>The store holds the truth; the decoded explanation is kept beside it per camera, so the run of
 * skipped frames drawn with one explanation decodes it once, not once per frame. It is handed out
 * only while the store still holds the very bytes it was decoded from (compared, which is cheap
 * next to decoding), so a store restored or rolled back by Kafka Streams is always read afresh.
 */
final class LatestExplanations {

  private final KeyValueStore<String, byte[]> store;
  private final JoinRecords records;
  private final Map<String, Decoded> decoded = new HashMap<>();

  private record Decoded(byte[] bytes, Explanation explanation) {}

  LatestExplanations(KeyValueStore<String, byte[]> store, JoinRecords records) {
    this.store = store;
    this.records = records;
  }

  /** The camera's latest explanation, decoded; null when it has none yet. */
  Explanation get(String cam) {
    byte[] bytes = store.get(cam);
    if (bytes == null) {
      decoded.remove(cam);
      return null;
    }
    Decoded d = decoded.get(cam);
    if (d == null || !Arrays.equals(d.bytes(), bytes)) {
      d = new Decoded(bytes, records.explanation(bytes));
      decoded.put(cam, d);
    }
    return d.explanation();
  }

  /** Remembers {@code explanation}, decoded from {@code bytes}, as the camera's latest. */
  void put(String cam, byte[] bytes, Explanation explanation) {
    store.put(cam, bytes);
    decoded.put(cam, new Decoded(bytes, explanation));
  }

  /** Forgets the camera's latest explanation (its ingest restarted: a new run, new sequences). */
  void clear(String cam) {
    store.delete(cam);
    decoded.remove(cam);
  }
}
