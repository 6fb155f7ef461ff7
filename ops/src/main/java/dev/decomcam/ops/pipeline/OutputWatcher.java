package dev.decomcam.ops.pipeline;

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
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads what the pipeline produced — explanations, overlays and dead letters — as a downstream
 * reader would (read_committed: only records of committed transactions), and keeps per-camera
 * sequence lists, so a run can be checked for "every frame exactly once, in order" and summarised.
 * Not thread-safe: poll from one thread.
 */
public final class OutputWatcher implements AutoCloseable {
  private final KafkaConsumer<String, byte[]> consumer;
  private final String explanationsTopic;
  private final String overlaysTopic;
  private final String deadLetterTopic;
  private final Map<String, List<Long>> explained = new HashMap<>();
  private final Map<String, List<Long>> overlaid = new HashMap<>();
  private final List<Long> overlayLatenciesMs = new ArrayList<>();
  private final List<Float> overlayRenderMs = new ArrayList<>();
  private final Map<String, List<Drawn>> drawn = new HashMap<>();
  private long skipped;
  private final List<ConsumerRecord<String, byte[]>> deadLetters = new ArrayList<>();
  private final Consumer<Explanation> onExplanation;

  public OutputWatcher(
      String bootstrap,
      String explanationsTopic,
      String overlaysTopic,
      String deadLetterTopic,
      Consumer<Explanation> onExplanation) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "decomcam-watch-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    this.explanationsTopic = explanationsTopic;
    this.overlaysTopic = overlaysTopic;
    this.deadLetterTopic = deadLetterTopic;
    this.onExplanation = onExplanation;
    consumer.subscribe(List.of(explanationsTopic, overlaysTopic, deadLetterTopic));
  }

  public static OutputWatcher forDefaultTopics(
      String bootstrap, Consumer<Explanation> onExplanation) {
    return new OutputWatcher(
        bootstrap,
        Topics.EXPLANATIONS.name(),
        Topics.OVERLAYS.name(),
        Topics.DEAD_LETTER.name(),
        onExplanation);
  }

  /** Polls once for up to {@code timeout}; returns the number of records seen. */
  public int poll(Duration timeout) {
    int n = 0;
    for (ConsumerRecord<String, byte[]> r : consumer.poll(timeout)) {
      n++;
      if (r.topic().equals(explanationsTopic)) {
        Explanation e = Topics.EXPLANATION_SERDE.decode(r.value());
        explained.computeIfAbsent(e.getCameraId(), k -> new ArrayList<>()).add(e.getSequence());
        onExplanation.accept(e);
      } else if (r.topic().equals(overlaysTopic)) {
        Overlay o = Topics.OVERLAY_SERDE.decode(r.value());
        overlaid.computeIfAbsent(o.getCameraId(), k -> new ArrayList<>()).add(o.getSequence());
        overlayLatenciesMs.add(o.getLatencyMs());
        overlayRenderMs.add(o.getRenderMs());
        drawn.computeIfAbsent(o.getCameraId(), k -> new ArrayList<>()).add(Drawn.of(o));
        skipped += o.getSkipped() ? 1 : 0;
      } else if (r.topic().equals(deadLetterTopic)) {
        deadLetters.add(r);
      }
    }
    return n;
  }

  /**
   * How long {@link #awaitOverlays} waits with no record at all on the watched topics before it
   * gives up: a pipeline that has dead-lettered some frames' overlays will never complete, and a
   * working one, however loaded, publishes something (an explanation, an overlay, a dead letter)
   * far more often than this.
   */
  public static final Duration QUIET = Duration.ofSeconds(120);

  /**
   * Polls until {@code overlays} overlays per listed camera have arrived, {@code timeout} passes,
   * or nothing at all arrives for {@link #QUIET}.
   */
  public boolean awaitOverlays(Map<String, Integer> expected, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long lastRecord = System.nanoTime();
    while (System.nanoTime() < deadline) {
      if (poll(Duration.ofMillis(200)) > 0) {
        lastRecord = System.nanoTime();
      } else if (System.nanoTime() - lastRecord > QUIET.toNanos()) {
        return false;
      }
      boolean done =
          expected.entrySet().stream()
              .allMatch(e -> overlaid.getOrDefault(e.getKey(), List.of()).size() >= e.getValue());
      if (done) {
        return true;
      }
    }
    return false;
  }

  public Map<String, List<Long>> explained() {
    return explained;
  }

  public Map<String, List<Long>> overlaid() {
    return overlaid;
  }

  public List<Long> overlayLatenciesMs() {
    return overlayLatenciesMs;
  }

  public List<Float> overlayRenderMs() {
    return overlayRenderMs;
  }

  /**
   * Which explanation each overlay shows, per camera in arrival order (the overlay's picture is not
   * kept).
   */
  public Map<String, List<Drawn>> drawn() {
    return drawn;
  }

  /** Overlays of frames the processor skipped (drawn with an earlier explanation, or none). */
  public long skippedOverlays() {
    return skipped;
  }

  /** Every overlay's {@code explanationAgeMs} (0 for a frame explained itself). */
  public List<Long> explanationAgesMs() {
    return drawn.values().stream().flatMap(List::stream).map(Drawn::explanationAgeMs).toList();
  }

  /**
   * What an overlay says about the explanation drawn on it.
   *
   * @param skipped the processor skipped the frame; the drawn explanation is the camera's latest
   * @param explanationSequence the drawn explanation's frame; -1 when none was drawn
   * @param captureTimestampMs the frame's capture time (ingest's wall clock); plus {@code
   *     latencyMs} it is when the sink rendered the overlay
   */
  public record Drawn(
      long sequence,
      boolean skipped,
      long explanationSequence,
      long explanationAgeFrames,
      long explanationAgeMs,
      long latencyMs,
      long captureTimestampMs) {

    static Drawn of(Overlay o) {
      return new Drawn(
          o.getSequence(),
          o.getSkipped(),
          o.getExplanationSequence(),
          o.getExplanationAgeFrames(),
          o.getExplanationAgeMs(),
          o.getLatencyMs(),
          o.getCaptureTimestampMs());
    }
  }

  public List<ConsumerRecord<String, byte[]>> deadLetters() {
    return deadLetters;
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
