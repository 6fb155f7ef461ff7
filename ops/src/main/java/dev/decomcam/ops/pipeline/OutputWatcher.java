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
 * reader would (read_committed: only records of committed transactions), so a run can be checked
 * for "every frame exactly once, in order" and summarised. It always aggregates as records arrive,
 * in memory that does not grow with the run: per camera a {@link SequenceCheck} of explanations and
 * one of overlays, histograms of overlay latency and explanation age, render time and counts. With
 * {@code keepFrames} it also keeps the per-frame records (sequence lists, {@link Drawn} per
 * overlay, the dead-letter records) for tests and figures over parts of a run; a soak-sized run
 * leaves them out. Not thread-safe: poll from one thread.
 */
public final class OutputWatcher implements AutoCloseable {
  private final KafkaConsumer<String, byte[]> consumer;
  private final String explanationsTopic;
  private final String overlaysTopic;
  private final String deadLetterTopic;
  private final boolean keepFrames;
  private final Map<String, SequenceCheck> explainedCheck = new HashMap<>();
  private final Map<String, SequenceCheck> overlaidCheck = new HashMap<>();
  private final Histogram latencyMs = new Histogram();
  private final Histogram explanationAgeMs = new Histogram();
  private final LatencyWindows latencyWindows = new LatencyWindows();
  private double renderMsSum;
  private long rendered;
  private double reducedRenderMsSum;
  private long reduced;
  private long undrawn;
  private long explanationsOut;
  private long overlaysOut;
  private long deadLetterCount;
  private final Map<String, List<Long>> explained = new HashMap<>();
  private final Map<String, List<Long>> overlaid = new HashMap<>();
  private final List<Long> overlayLatenciesMs = new ArrayList<>();
  private final List<Float> overlayRenderMs = new ArrayList<>();
  private final Map<String, List<Drawn>> drawn = new HashMap<>();
  private long skipped;
  private long overdue;
  private final List<ConsumerRecord<String, byte[]>> deadLetters = new ArrayList<>();
  private final Consumer<Explanation> onExplanation;

  /** A watcher that keeps the per-frame records too. */
  public OutputWatcher(
      String bootstrap,
      String explanationsTopic,
      String overlaysTopic,
      String deadLetterTopic,
      Consumer<Explanation> onExplanation) {
    this(bootstrap, explanationsTopic, overlaysTopic, deadLetterTopic, true, onExplanation);
  }

  public OutputWatcher(
      String bootstrap,
      String explanationsTopic,
      String overlaysTopic,
      String deadLetterTopic,
      boolean keepFrames,
      Consumer<Explanation> onExplanation) {
    this.keepFrames = keepFrames;
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

  /** A watcher of the default topics that keeps the per-frame records too. */
  public static OutputWatcher forDefaultTopics(
      String bootstrap, Consumer<Explanation> onExplanation) {
    return forDefaultTopics(bootstrap, true, onExplanation);
  }

  public static OutputWatcher forDefaultTopics(
      String bootstrap, boolean keepFrames, Consumer<Explanation> onExplanation) {
    return new OutputWatcher(
        bootstrap,
        Topics.EXPLANATIONS.name(),
        Topics.OVERLAYS.name(),
        Topics.DEAD_LETTER.name(),
        keepFrames,
        onExplanation);
  }

  /** Polls once for up to {@code timeout}; returns the number of records seen. */
  public int poll(Duration timeout) {
    int n = 0;
    for (ConsumerRecord<String, byte[]> r : consumer.poll(timeout)) {
      n++;
      if (r.topic().equals(explanationsTopic)) {
        explanation(Topics.EXPLANATION_SERDE.decode(r.value()));
      } else if (r.topic().equals(overlaysTopic)) {
        overlay(Topics.OVERLAY_SERDE.decode(r.value()));
      } else if (r.topic().equals(deadLetterTopic)) {
        deadLetterCount++;
        if (keepFrames) {
          deadLetters.add(r);
        }
      }
    }
    return n;
  }

  /** Takes in one explanation as read from the topic. */
  void explanation(Explanation e) {
    explanationsOut++;
    explainedCheck.computeIfAbsent(e.getCameraId(), k -> new SequenceCheck()).add(e.getSequence());
    if (keepFrames) {
      explained.computeIfAbsent(e.getCameraId(), k -> new ArrayList<>()).add(e.getSequence());
    }
    onExplanation.accept(e);
  }

  /** Takes in one overlay as read from the topic. */
  void overlay(Overlay o) {
    overlaysOut++;
    overlaidCheck.computeIfAbsent(o.getCameraId(), k -> new SequenceCheck()).add(o.getSequence());
    latencyMs.add(o.getLatencyMs());
    latencyWindows.add(o.getCaptureTimestampMs(), o.getLatencyMs());
    explanationAgeMs.add(o.getExplanationAgeMs());
    if (o.getReduction() == 1) {
      renderMsSum += o.getRenderMs();
      rendered++;
    } else {
      // drawn smaller or passed through by a sink catching up: not what a whole overlay costs
      reducedRenderMsSum += o.getRenderMs();
      reduced += o.getReduction() > 1 ? 1 : 0;
      undrawn += o.getReduction() == 0 ? 1 : 0;
    }
    skipped += o.getSkipped() ? 1 : 0;
    overdue += o.getOverdue() ? 1 : 0;
    if (keepFrames) {
      overlaid.computeIfAbsent(o.getCameraId(), k -> new ArrayList<>()).add(o.getSequence());
      overlayLatenciesMs.add(o.getLatencyMs());
      overlayRenderMs.add(o.getRenderMs());
      drawn.computeIfAbsent(o.getCameraId(), k -> new ArrayList<>()).add(Drawn.of(o));
    }
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
              .allMatch(e -> overlaidCheck(e.getKey()).count() >= e.getValue());
      if (done) {
        return true;
      }
    }
    return false;
  }

  /** Whether this watcher keeps the per-frame records. */
  public boolean keepsFrames() {
    return keepFrames;
  }

  /** The order check of {@code camera}'s explanations (empty for a camera not seen). */
  public SequenceCheck explainedCheck(String camera) {
    return explainedCheck.getOrDefault(camera, new SequenceCheck());
  }

  /** The order check of {@code camera}'s overlays (empty for a camera not seen). */
  public SequenceCheck overlaidCheck(String camera) {
    return overlaidCheck.getOrDefault(camera, new SequenceCheck());
  }

  /** Explanations read, all cameras (skip records included). */
  public long explanationsOut() {
    return explanationsOut;
  }

  /** Overlays read, all cameras. */
  public long overlaysOut() {
    return overlaysOut;
  }

  /** Dead letters read. */
  public long deadLetterCount() {
    return deadLetterCount;
  }

  /** Every overlay's capture→overlay latency. */
  public Histogram latencyMs() {
    return latencyMs;
  }

  /**
   * Latency p99 of the overlays of each consecutive {@code windowSeconds} of capture time, from the
   * first frame's second on.
   */
  public List<Double> latencyP99ByWindow(int windowSeconds) {
    return latencyWindows.p99ByWindow(windowSeconds);
  }

  /** Every overlay's {@code explanationAgeMs} (0 for a frame explained itself). */
  public Histogram explanationAgeMs() {
    return explanationAgeMs;
  }

  /** The mean render time of the overlays drawn at the frame's size; NaN before the first. */
  public double renderMeanMs() {
    return rendered == 0 ? Double.NaN : renderMsSum / rendered;
  }

  /**
   * The mean render time of the overlays a sink catching up drew reduced or passed through; NaN
   * when there were none.
   */
  public double reducedRenderMeanMs() {
    long n = reduced + undrawn;
    return n == 0 ? Double.NaN : reducedRenderMsSum / n;
  }

  /** Overlays of late live frames drawn at 1/2 or 1/4 of their size (the sink catching up). */
  public long reducedOverlays() {
    return reduced;
  }

  /** Overlays of very late live frames passed through undrawn (the sink catching up). */
  public long undrawnOverlays() {
    return undrawn;
  }

  public Map<String, List<Long>> explained() {
    return frames(explained);
  }

  public Map<String, List<Long>> overlaid() {
    return frames(overlaid);
  }

  public List<Long> overlayLatenciesMs() {
    return frames(overlayLatenciesMs);
  }

  public List<Float> overlayRenderMs() {
    return frames(overlayRenderMs);
  }

  /** {@code records}, the watcher keeping per-frame records; else a one-line error. */
  private <T> T frames(T records) {
    if (!keepFrames) {
      throw new IllegalStateException(
          "output watcher: per-frame records are not kept: construct it with keepFrames = true");
    }
    return records;
  }

  /**
   * Which explanation each overlay shows, per camera in arrival order (the overlay's picture is not
   * kept).
   */
  public Map<String, List<Drawn>> drawn() {
    return frames(drawn);
  }

  /** Overlays of frames the processor skipped (drawn with an earlier explanation, or none). */
  public long skippedOverlays() {
    return skipped;
  }

  /**
   * Of the {@link #skippedOverlays}, those of live frames whose explanation did not reach the sink
   * in time, drawn without it ({@code Overlay.overdue}).
   */
  public long overdueOverlays() {
    return overdue;
  }

  /** Every overlay's {@code explanationAgeMs} (0 for a frame explained itself). */
  public List<Long> explanationAgesMs() {
    return frames(drawn).values().stream()
        .flatMap(List::stream)
        .map(Drawn::explanationAgeMs)
        .toList();
  }

  /**
   * What an overlay says about the explanation drawn on it.
   *
   * @param skipped the frame was not explained; the drawn explanation is the camera's latest
   * @param overdue of those, a frame whose explanation did not reach the sink in time
   * @param explanationSequence the drawn explanation's frame; -1 when none was drawn
   * @param captureTimestampMs the frame's capture time (ingest's wall clock); plus {@code
   *     latencyMs} it is when the sink rendered the overlay
   */
  public record Drawn(
      long sequence,
      boolean skipped,
      boolean overdue,
      long explanationSequence,
      long explanationAgeFrames,
      long explanationAgeMs,
      long latencyMs,
      long captureTimestampMs) {

    static Drawn of(Overlay o) {
      return new Drawn(
          o.getSequence(),
          o.getSkipped(),
          o.getOverdue(),
          o.getExplanationSequence(),
          o.getExplanationAgeFrames(),
          o.getExplanationAgeMs(),
          o.getLatencyMs(),
          o.getCaptureTimestampMs());
    }
  }

  public List<ConsumerRecord<String, byte[]>> deadLetters() {
    return frames(deadLetters);
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
