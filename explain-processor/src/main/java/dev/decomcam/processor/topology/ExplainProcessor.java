package dev.decomcam.processor.topology;

import dev.decomcam.common.kafka.CameraCap;
import dev.decomcam.processor.explain.FrameExplainer;
import dev.decomcam.processor.live.FairShare;
import dev.decomcam.processor.live.LivePolicy;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Explains each frame record. Input keys and values arrive as raw bytes so that a record that
 * cannot be decoded (unknown schema, corrupt Avro, image that is not a JPEG, oversized frame) is
 * forwarded untouched to the dead-letter sink with a one-line reason in its headers, and the stream
 * goes on ({@link RecordExplainer}).
 *
 * <p>Each camera's method state lives in the {@code camera-components} store (changelogged, so a
 * restarted or moved task resumes warm; see {@link CameraStates}); its tracking events go to {@code
 * component-events}; a camera idle for {@code camera.idle.ms} is forgotten ({@link IdleCameras},
 * {@link CameraSequences}), on a wall-clock punctuation, its store entries deleted (so its
 * changelogs compact them away): its next frame starts it as a new camera, cold, whatever its
 * sequence. A frame of a new camera beyond the instance's {@code cameras.max} is dead-lettered
 * ({@link CameraCap}).
 *
 * <p>With batching ({@code batch.frames} not 1) good frames wait in the changelogged {@code
 * frame-buffer} store ({@link FrameBatcher}) until a batch is full or a wall-clock punctuation
 * every {@code batch.linger.ms} comes (punctuations run between polls, so an idle stream may wait a
 * poll longer), then go through one batched forward in offset order; each camera's frames still see
 * the state its previous frame left. An oversized record is dead-lettered at once; one that does
 * not decode, when its batch goes.
 *
 * <p>A live camera's frame ({@code Frame.live}) older than {@code live.max.lag.ms} when it would be
 * explained (with batching: when its batch goes) is skipped before its image is decoded ({@link
 * LivePolicy}): a skip record takes its explanation's place, and its camera's state is untouched.
 * So is a young live frame whose camera has had more than its share of the stream thread ({@link
 * FairShare}, one per stream thread, shared by its tasks).
 */
final class ExplainProcessor implements Processor<byte[], byte[], Object, Object> {
  private static final Logger LOG = LoggerFactory.getLogger(ExplainProcessor.class);

  /**
   * Frames per batch in auto mode, where the engine measured batching worth it (its calibration
   * uses 4).
   */
  static final int AUTO_BATCH = 4;

  private final Supplier<FrameExplainer<?>> explainers;
  private final ExplainTopology.Options options;
  private final ExplainMetrics metrics;
  private final Supplier<FairShare> fairShares;
  private final CameraCap cap;
  private CameraSequences sequences;
  private ProcessorContext<Object, Object> context;
  private FrameExplainer<?> explainer;
  private Outputs outputs;
  private FrameBatcher batcher;
  private RecordExplainer records;

  ExplainProcessor(
      Supplier<FrameExplainer<?>> explainers,
      ExplainTopology.Options options,
      ExplainMetrics metrics,
      Supplier<FairShare> fairShares,
      CameraCap cap) {
    this.cap = cap;
    this.explainers = explainers;
    this.fairShares = fairShares;
    this.options = options;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    outputs = new Outputs(context, metrics);
    // the model belongs to the stream thread (see ModelPool); fetched lazily on that thread
    sequences = new CameraSequences(context.getStateStore(ExplainTopology.SEQUENCE_STORE), cap);
    records =
        new RecordExplainer(
            context.getStateStore(ExplainTopology.CAMERA_STORE),
            outputs,
            metrics,
            context::currentSystemTimeMs,
            this::explainer,
            new LivePolicy(options.liveMaxLagMs(), context::currentSystemTimeMs, fairShares.get()),
            options.pixelLimit(),
            sequences,
            () -> StreamThreadNice.lowerOnce(options.liveThreadNice()));
    IdleCameras idle =
        new IdleCameras(
            context.getStateStore(ExplainTopology.CAMERA_STORE),
            options.cameraIdleMs(),
            this::explainer,
            outputs);
    long every = Math.max(1_000, Math.min(60_000, options.cameraIdleMs() / 4));
    context.schedule(
        Duration.ofMillis(every),
        PunctuationType.WALL_CLOCK_TIME,
        now -> {
          idle.expire(now);
          sequences.expire(now, options.cameraIdleMs());
        });
    batcher = new FrameBatcher(context.getStateStore(ExplainTopology.FRAME_BUFFER_STORE));
    // the model loads now, while the task starts, rather than on the first frame, which would wait
    // for it (seconds): a live camera's first frames would all be stale. A model that fails to load
    // fails again on each frame, which is dead-lettered with the reason (RecordExplainer)
    try {
      explainer();
    } catch (RuntimeException e) {
      LOG.warn("the model did not load at start, frames will say why: {}", e.toString());
    }
    context.schedule(
        Duration.ofMillis(options.batchLingerMs()),
        PunctuationType.WALL_CLOCK_TIME,
        now -> flush());
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    if (record.value() == null) {
      return; // tombstones carry no frame
    }
    RecordMetadata m = context.recordMetadata().orElse(null);
    PendingFrame p =
        new PendingFrame(
            record.key(),
            record.value(),
            record.timestamp(),
            m == null ? "" : m.topic(),
            m == null ? -1 : m.partition(),
            m == null ? -1 : m.offset());
    if (p.value().length > options.maxFrameBytes()) {
      // checked before buffering: an oversized record must not reach the buffer's changelog
      outputs.deadLetter(
          p,
          "frame record of "
              + p.value().length
              + " bytes exceeds frame.max.bytes="
              + options.maxFrameBytes()
              + ": lower the ingest resolution or JPEG quality, or raise frame.max.bytes");
      return;
    }
    int size = batchSize();
    if (size == 1) {
      flush(); // frames buffered under an earlier setting go first, to keep each camera's order
      records.explain(List.of(p));
    } else if (batcher.add(p) >= size) {
      flush();
    }
  }

  /**
   * Frames gathered per batch: {@code batch.frames} when set, else (auto) {@link #AUTO_BATCH} where
   * the engine measured batching worth it at load and 1 elsewhere (and until the model is loaded:
   * the first frame loads it, and a model that fails to load is never waited for).
   */
  private int batchSize() {
    if (options.batchFrames() > 0) {
      return options.batchFrames();
    }
    return explainer != null && explainer.model().batchesFrames() ? AUTO_BATCH : 1;
  }

  /** Explains every buffered frame, in offset order, and empties the buffer. */
  private void flush() {
    List<PendingFrame> batch = batcher.drain(context.currentSystemTimeMs(), outputs::deadLetter);
    if (!batch.isEmpty()) {
      records.explain(batch);
    }
  }

  @Override
  public void close() {
    if (sequences != null) {
      sequences.release(); // the task's cameras leave this instance with it
    }
  }

  private FrameExplainer<?> explainer() {
    if (explainer == null) {
      explainer = explainers.get();
    }
    return explainer;
  }
}
