package dev.decomcam.ops.chaos;

import dev.decomcam.schemas.Explanation;
import dev.decomcam.schemas.Overlay;
import dev.decomcam.schemas.serde.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What a downstream reader sees of the run: every committed explanation and overlay
 * (read_committed), per camera in the order read, and the partition each camera's records are on.
 * Not thread-safe: poll from one thread.
 */
final class OutputLedger implements AutoCloseable {
  private final KafkaConsumer<String, byte[]> consumer;
  private final Map<String, List<Explained>> explained = new HashMap<>();
  private final Map<String, List<Long>> overlaid = new HashMap<>();
  private final Map<String, Integer> partitions = new HashMap<>();
  private long explanations;
  private long overlays;

  /** One explanation as the check needs it. */
  record Explained(long sequence, boolean reset, int targetIndex) {}

  OutputLedger(String bootstrap) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "decomcam-chaos-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(Topics.EXPLANATIONS.name(), Topics.OVERLAYS.name()));
  }

  /** Polls once for up to {@code timeout}; returns the number of records read. */
  int poll(Duration timeout) {
    int n = 0;
    for (ConsumerRecord<String, byte[]> r : consumer.poll(timeout)) {
      n++;
      if (r.topic().equals(Topics.EXPLANATIONS.name())) {
        Explanation e = Topics.EXPLANATION_SERDE.decode(r.value());
        explained
            .computeIfAbsent(e.getCameraId(), k -> new ArrayList<>())
            .add(new Explained(e.getSequence(), e.getReset(), e.getTargetIndex()));
        partitions.put(e.getCameraId(), r.partition());
        explanations++;
      } else {
        Overlay o = Topics.OVERLAY_SERDE.decode(r.value());
        overlaid.computeIfAbsent(o.getCameraId(), k -> new ArrayList<>()).add(o.getSequence());
        overlays++;
      }
    }
    return n;
  }

  long explanations() {
    return explanations;
  }

  long overlays() {
    return overlays;
  }

  /** Per camera, its explanations in the order read. */
  Map<String, List<Explained>> explained() {
    return explained;
  }

  /** Per camera, the frame sequences of its overlays in the order read. */
  Map<String, List<Long>> overlaid() {
    return overlaid;
  }

  /** The partition a camera's records are on (the same number in every topic: keyed by camera). */
  Map<String, Integer> partitions() {
    return partitions;
  }

  /** The highest sequence explained so far for {@code camera}; -1 if none. */
  long lastExplained(String camera) {
    return explained.getOrDefault(camera, List.of()).stream()
        .mapToLong(Explained::sequence)
        .max()
        .orElse(-1);
  }

  @Override
  public void close() {
    consumer.close();
  }
}
