package dev.decomcam.sink.topology;

import dev.decomcam.common.image.JpegCodec;
import dev.decomcam.common.image.PixelLimit;
import dev.decomcam.common.kafka.CameraCap;
import dev.decomcam.common.kafka.StreamsProperties;
import dev.decomcam.schemas.Explanation;
import dev.decomcam.schemas.Frame;
import dev.decomcam.schemas.Overlay;
import dev.decomcam.schemas.serde.Topic;
import dev.decomcam.schemas.serde.Topics;
import dev.decomcam.sink.SinkConfig;
import dev.decomcam.sink.live.CatchUp;
import dev.decomcam.sink.metrics.SinkMetrics;
import dev.decomcam.sink.render.OverlayRenderer;
import java.util.Map;
import java.util.Properties;
import java.util.function.LongSupplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The sink topology: frames ({@code frames}) and explanations ({@code explanations}), both keyed by
 * camera id and co-partitioned, meet in one {@link OverlayJoinProcessor} that renders each
 * explained frame exactly once (a frame the processor skipped with its camera's latest explanation,
 * kept in {@link #LATEST_STORE}) and publishes {@code Overlay} records to {@code overlays} in
 * sequence order per camera; undecodable or unrenderable records go to {@code dead-letter} with
 * their original bytes.
 *
 * <p>Why a Processor API join rather than a windowed stream-stream join: explanations lag frames by
 * the model's latency, which is unbounded when the processor restarts, so any window would either
 * drop late explanations or keep far too many frames; here a frame waits in {@link #FRAME_STORE}
 * until its explanation arrives, a later explanation proves it will never be explained, or it falls
 * {@code maxPendingFrames} behind. Both sources read bytes so a bad record is decoded inside the
 * processor and can be dead-lettered instead of stopping the stream. Run with {@code
 * processing.guarantee=exactly_once_v2} ({@link #streamsConfig}): store updates and outputs commit
 * atomically, so a restart neither loses nor repeats overlays.
 */
public final class SinkTopology {
  /**
   * Frames waiting for their explanation; key camera+sequence, value the frame's original bytes.
   */
  public static final String FRAME_STORE = "sink-pending-frames";

  /** Explanations that arrived before their frame; key camera+sequence, value original bytes. */
  public static final String EXPLANATION_STORE = "sink-pending-explanations";

  /** Per camera: last frame sequence seen and last sequence rendered. */
  public static final String PROGRESS_STORE = "sink-camera-progress";

  /**
   * Per camera: its latest real explanation (original bytes), drawn on the frames the processor
   * skipped; key camera id.
   */
  public static final String LATEST_STORE = "sink-latest-explanation";

  /** The default of {@link SinkConfig#PENDING_RECORDING_FRAMES_MAX}. */
  static final int DEFAULT_PENDING_RECORDING_FRAMES = 100_000;

  /** The default of {@link SinkConfig#CAMERA_IDLE_MS}. */
  public static final long DEFAULT_CAMERA_IDLE_MS = 600_000;

  static final String FRAMES_SOURCE = "frames-source";
  static final String EXPLANATIONS_SOURCE = "explanations-source";
  static final String JOIN = "overlay-join";
  static final String OVERLAYS_SINK = "overlays-sink";
  static final String DEAD_LETTER_SINK = "dead-letter-sink";

  /**
   * What the topology needs.
   *
   * @param clock wall clock for the latency shown and published (render time minus capture time)
   * @param maxRecordBytes larger frame and explanation records are dead-lettered before they are
   *     stored (record.max.bytes)
   * @param pixelLimit the largest frame image decoded (image.max.pixels)
   * @param cameras the instance's cap on cameras kept (cameras.max), shared by all its tasks
   * @param cameraIdleMs a camera with no record for this long is forgotten (camera.idle.ms)
   * @param metrics told of every dead letter, by stage
   */
  public record Deps(
      Topic<String, Frame> frames,
      Topic<String, Explanation> explanations,
      Topic<String, Overlay> overlays,
      Topic<byte[], byte[]> deadLetter,
      OverlayRenderer renderer,
      JpegCodec jpeg,
      int maxPendingFrames,
      LongSupplier clock,
      int maxRecordBytes,
      PixelLimit pixelLimit,
      int maxPendingRecordingFrames,
      CatchUp catchUp,
      CameraCap cameras,
      long cameraIdleMs,
      SinkMetrics metrics) {

    /** Deps with the default record size, pixel, recording backlog and camera limits. */
    public Deps(
        Topic<String, Frame> frames,
        Topic<String, Explanation> explanations,
        Topic<String, Overlay> overlays,
        Topic<byte[], byte[]> deadLetter,
        OverlayRenderer renderer,
        JpegCodec jpeg,
        int maxPendingFrames,
        LongSupplier clock) {
      this(
          frames,
          explanations,
          overlays,
          deadLetter,
          renderer,
          jpeg,
          maxPendingFrames,
          clock,
          SinkConfig.DEFAULT_RECORD_MAX_BYTES,
          PixelLimit.DEFAULT,
          DEFAULT_PENDING_RECORDING_FRAMES,
          CatchUp.OFF,
          new CameraCap(CameraCap.DEFAULT),
          DEFAULT_CAMERA_IDLE_MS,
          SinkMetrics.NONE);
    }

    /** The deps a service runs with: topic names, renderer and bounds from the config. */
    public static Deps of(SinkConfig c) {
      return of(c, SinkMetrics.NONE);
    }

    /** As {@link #of(SinkConfig)}, dead letters counted in {@code metrics}. */
    public static Deps of(SinkConfig c, SinkMetrics metrics) {
      return new Deps(
          Topics.FRAMES.withName(c.framesTopic()),
          Topics.EXPLANATIONS.withName(c.explanationsTopic()),
          Topics.OVERLAYS.withName(c.overlaysTopic()),
          Topics.DEAD_LETTER.withName(c.deadLetterTopic()),
          new OverlayRenderer(c.render()),
          new JpegCodec(c.jpegQuality()),
          c.maxPendingFrames(),
          System::currentTimeMillis,
          c.maxRecordBytes(),
          new PixelLimit(c.maxPixels()),
          c.maxPendingRecordingFrames(),
          new CatchUp(c.overlayLiveMaxLagMs(), c.joinWaitMs(), c.overlayExplanationWaitMs()),
          new CameraCap(c.maxCameras()),
          c.cameraIdleMs(),
          metrics);
    }
  }

  /**
   * The instance's store cache ({@code statestore.cache.max.bytes}, a {@code kafka.*} override
   * changes it): a few hundred frames, far more than wait between two commits.
   */
  static final long STORE_CACHE_BYTES = 32L << 20;

  /** The default of {@link SinkConfig#JOIN_WAIT_MS}. */
  public static final long DEFAULT_JOIN_WAIT_MS = 1_000;

  private SinkTopology() {}

  /** Builds the topology; see the class comment for what it guarantees. */
  public static Topology build(Deps deps) {
    Topology t = new Topology();
    t.addSource(
        FRAMES_SOURCE,
        Serdes.ByteArray().deserializer(),
        Serdes.ByteArray().deserializer(),
        deps.frames().name());
    t.addSource(
        EXPLANATIONS_SOURCE,
        Serdes.ByteArray().deserializer(),
        Serdes.ByteArray().deserializer(),
        deps.explanations().name());
    t.addProcessor(JOIN, () -> new OverlayJoinProcessor(deps), FRAMES_SOURCE, EXPLANATIONS_SOURCE);
    // the stores of whole records take any record up to record.max.bytes in their changelogs,
    // whose broker default (1 MB) is under the frames a producer may send: a frame above it stopped
    // the sink with RecordTooLargeException instead of waiting for its explanation.
    // Every store is cached (STORE_CACHE_BYTES): a frame is stored and deleted again within
    // microseconds when its explanation is next in line, as it mostly is, and a camera's latest
    // explanation and progress change with every frame; the cache folds such writes together until
    // the commit, so RocksDB and the changelogs see a frame only when it really waits (and a
    // tombstone otherwise), and the latest state once per commit. Exactly once is unchanged: the
    // cache is flushed into the stores and changelogs before each transaction commits.
    Map<String, String> recordChangelog =
        Map.of("max.message.bytes", String.valueOf(deps.maxRecordBytes() + (1L << 16)));
    t.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(FRAME_STORE), Serdes.Bytes(), Serdes.ByteArray())
            .withLoggingEnabled(recordChangelog)
            .withCachingEnabled(),
        JOIN);
    t.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(EXPLANATION_STORE),
                Serdes.Bytes(),
                Serdes.ByteArray())
            .withLoggingEnabled(recordChangelog)
            .withCachingEnabled(),
        JOIN);
    t.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(PROGRESS_STORE), Serdes.String(), Serdes.ByteArray())
            .withCachingEnabled(),
        JOIN);
    t.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(LATEST_STORE), Serdes.String(), Serdes.ByteArray())
            .withLoggingEnabled(recordChangelog)
            .withCachingEnabled(),
        JOIN);
    t.addSink(
        OVERLAYS_SINK,
        deps.overlays().name(),
        deps.overlays().keySerde().serializer(),
        deps.overlays().valueSerde().serializer(),
        JOIN);
    t.addSink(
        DEAD_LETTER_SINK,
        deps.deadLetter().name(),
        deps.deadLetter().keySerde().serializer(),
        deps.deadLetter().valueSerde().serializer(),
        JOIN);
    return t;
  }

  /**
   * The shared {@link StreamsProperties#base}, the sink's own overrides, then {@code kafka.*}
   * (which win).
   */
  public static Properties streamsConfig(SinkConfig c) {
    Properties p =
        StreamsProperties.base(c.applicationId(), c.bootstrapServers(), c.stateDir().toString());
    p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, STORE_CACHE_BYTES);
    // an explanation carries its frame's timestamp, and a task takes its partitions' records in
    // timestamp order only while each has data: told to wait for an empty explanations partition,
    // it leaves a frame in Kafka until its explanation is due instead of reading a recording
    // published fast far ahead into the frame store (where frames beyond
    // pending.recording.frames.max are purged, and their explanations then dead-lettered). The
    // price: Kafka Streams waits alike for an empty frames partition, so an explanation that came
    // after its frame waits for the camera's next frame (one frame interval of a live camera, up to
    // join.wait.ms for a slow one), and a camera's last explanation waits join.wait.ms. A sink of
    // live cameras only reads at most their processor's lag ahead, and runs with 0
    p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, c.joinWaitMs());
    return StreamsProperties.withUserOverrides(p, c.kafkaOverrides());
  }
}
