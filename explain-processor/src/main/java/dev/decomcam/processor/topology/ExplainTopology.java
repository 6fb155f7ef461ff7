package dev.decomcam.processor.topology;

import dev.decomcam.common.image.PixelLimit;
import dev.decomcam.common.kafka.CameraCap;
import dev.decomcam.processor.explain.FrameExplainer;
import dev.decomcam.processor.live.FairShare;
import dev.decomcam.schemas.serde.Topic;
import dev.decomcam.schemas.serde.Topics;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The explain-processor's topology: {@code frames} → explain → {@code explanations}, with bad
 * records routed to {@code dead-letter}.
 *
 * <pre>
 *   frames-source (bytes) ──► explain ──► explanations-sink      (key camera id, Explanation)
 *                              │     ├──► component-events-sink  (key camera id, ComponentEvent)
 *                              │     └──► dead-letter-sink       (original bytes + reason headers)
 *                     camera-components store (streaming state per camera, changelogged)
 *                     frame-buffer store (frames waiting for a batch, changelogged)
 * </pre>
 *
 * Per-camera order is the partition's order, and each record is processed once under
 * exactly_once_v2: the explanation and the consumed offset commit in one transaction; a frame
 * buffered for a batch commits with its offset and leaves the buffer with its explanation. Batches
 * gather the cameras of one task (one partition of {@code frames}); more partitions and instances
 * scale out as usual.
 */
public final class ExplainTopology {
  static final String SOURCE = "frames-source";
  static final String EXPLAIN = "explain";
  static final String EXPLANATIONS_SINK = "explanations-sink";
  static final String DEAD_LETTER_SINK = "dead-letter-sink";
  static final String EVENTS_SINK = "component-events-sink";

  /**
   * Each camera's streaming components (StreamingStateCodec bytes), changelogged so a moved or
   * restarted task resumes warm.
   */
  public static final String CAMERA_STORE = "camera-components";

  /**
   * Frames waiting for their batch ({@link PendingFrame} bytes by offset), changelogged so none is
   * lost.
   */
  public static final String FRAME_BUFFER_STORE = "frame-buffer";

  /** Per camera its last frame sequence and when it came ({@link CameraSequences}). */
  public static final String SEQUENCE_STORE = "camera-sequences";

  /**
   * Topic names and limits; {@code batchFrames} frames of the task's cameras go through the model
   * in one batched forward (1 = each frame on its own, 0 = auto: 4 where the engine measured
   * batching worth it at load, else 1), waiting at most about {@code batchLingerMs}; a live frame
   * older than {@code liveMaxLagMs} when it would be explained is skipped; a stream thread that
   * takes a live frame runs {@code liveThreadNice} lower from then on ({@link StreamThreadNice}).
   * Built by {@link ProcessorConfig#topologyOptions()}, where each value's default is declared.
   */
  public record Options(
      String framesTopic,
      String explanationsTopic,
      String deadLetterTopic,
      String componentEventsTopic,
      int maxFrameBytes,
      long cameraIdleMs,
      int batchFrames,
      long batchLingerMs,
      long liveMaxLagMs,
      PixelLimit pixelLimit,
      int maxCameras,
      int liveThreadNice) {}

  /** A camera counts as live on a stream thread this long after its last live frame. */
  static final long LIVE_CAMERA_FORGET_MS = 2_000;

  private ExplainTopology() {}

  /**
   * @param explainers gives the calling stream thread its explainer (one model per thread)
   */
  public static Topology build(
      Options options, Supplier<FrameExplainer<?>> explainers, ExplainMetrics metrics) {
    Topic<String, ?> explanations = Topics.EXPLANATIONS.withName(options.explanationsTopic());
    Topology topology = new Topology();
    topology.addSource(
        SOURCE,
        Serdes.ByteArray().deserializer(),
        Serdes.ByteArray().deserializer(),
        options.framesTopic());
    // one fair share per stream thread of this topology, shared by the thread's tasks
    ThreadLocal<FairShare> fair =
        ThreadLocal.withInitial(() -> new FairShare(LIVE_CAMERA_FORGET_MS));
    // one camera cap per instance (this topology), shared by all its tasks and threads
    CameraCap cap = new CameraCap(options.maxCameras());
    topology.addProcessor(
        EXPLAIN, () -> new ExplainProcessor(explainers, options, metrics, fair::get, cap), SOURCE);
    // cached: a camera's state and sequence change with every frame, and the cache folds those
    // writes together until the commit (it is flushed into the store and changelog before each
    // transaction commits), so RocksDB and the changelogs see each camera's state once per commit
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(CAMERA_STORE), Serdes.String(), Serdes.ByteArray())
            .withCachingEnabled(),
        EXPLAIN);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(SEQUENCE_STORE), Serdes.String(), Serdes.ByteArray())
            .withCachingEnabled(),
        EXPLAIN);
    // always there, so frames buffered under batching are explained even after batching is turned
    // off; in memory (a few frames at a time) but changelogged: exactly once across a crash. Its
    // changelog takes frames up to frame.max.bytes and drops explained ones soon (small segments,
    // eager compaction)
    long recordBytes = options.maxFrameBytes() + (1L << 16);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(FRAME_BUFFER_STORE), Serdes.Long(), Serdes.ByteArray())
            .withLoggingEnabled(
                Map.of(
                    "max.message.bytes", String.valueOf(recordBytes),
                    "segment.bytes", String.valueOf(Math.max(16L << 20, 4 * recordBytes)),
                    "min.cleanable.dirty.ratio", "0.1")),
        EXPLAIN);
    topology.addSink(
        EXPLANATIONS_SINK,
        explanations.name(),
        Serdes.String().serializer(),
        Topics.EXPLANATION_SERDE.serializer(),
        EXPLAIN);
    topology.addSink(
        DEAD_LETTER_SINK,
        options.deadLetterTopic(),
        Serdes.ByteArray().serializer(),
        Serdes.ByteArray().serializer(),
        EXPLAIN);
    topology.addSink(
        EVENTS_SINK,
        options.componentEventsTopic(),
        Serdes.String().serializer(),
        Topics.COMPONENT_EVENT_SERDE.serializer(),
        EXPLAIN);
    return topology;
  }
}
