package dev.decomcam.processor.topology;

import dev.decomcam.processor.explain.ExplainedFrame;
import dev.decomcam.processor.explain.FrameExplainer;
import dev.decomcam.schemas.Explanation;
import dev.decomcam.schemas.Frame;
import dev.decomcam.schemas.serde.DeadLetters;
import dev.decomcam.schemas.serde.Topics;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import dev.decomcam.processor.decom.StreamingDecomCam;
import dev.decomcam.processor.decom.StreamingState;
import dev.decomcam.processor.decom.StreamingStateCodec;
import dev.decomcam.processor.track.TrackEvent;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Explains each frame record. Input keys and values arrive as raw bytes so that a record that
 * cannot be decoded (unknown schema, corrupt Avro, image that is not a JPEG, oversized frame)
 * is forwarded untouched to the dead-letter sink with a one-line reason in its headers, and the
 * stream goes on. A failure of the model itself on a good frame is also dead-lettered: one bad
 * frame must not stop a camera.
 *
 * <p>In streaming mode each camera's components live in the {@code camera-components} store
 * (changelogged, so a restarted or moved task resumes warm); its tracking events go to
 * {@code component-events}; a camera idle for {@code camera.idle.ms} is forgotten.
 *
 * <p>With batching ({@code batch.frames} not 1) good frames wait in the changelogged
 * {@code frame-buffer} store until a batch is full or a wall-clock punctuation every
 * {@code batch.linger.ms} comes (punctuations run between polls, so an idle stream may wait a
 * poll longer), then go through one batched forward in offset order; each camera's
 * frames still see the state its previous frame left. An oversized record is dead-lettered at
 * once; one that does not decode, when its batch goes.
 */
final class ExplainProcessor implements Processor<byte[], byte[], Object, Object> {
  private static final Logger LOG = LoggerFactory.getLogger(ExplainProcessor.class);
  /** Frames per batch in auto mode, where the engine measured batching worth it (its calibration uses 4). */
  static final int AUTO_BATCH = 4;

  private final Supplier<FrameExplainer> explainers;
  private final ExplainTopology.Options options;
  private final ExplainMetrics metrics;
  private ProcessorContext<Object, Object> context;
  private FrameExplainer explainer;
  private KeyValueStore<String, byte[]> cameras;
  /** Frames waiting for their batch, and how many. */
  private KeyValueStore<Long, byte[]> buffer;
  private int pending;

  ExplainProcessor(Supplier<FrameExplainer> explainers, ExplainTopology.Options options, ExplainMetrics metrics) {
    this.explainers = explainers;
    this.options = options;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.cameras = context.getStateStore(ExplainTopology.CAMERA_STORE);
    // the model belongs to the stream thread (see ModelPool); fetched lazily on that thread
    long every = Math.max(1_000, Math.min(60_000, options.cameraIdleMs() / 4));
    context.schedule(Duration.ofMillis(every), PunctuationType.WALL_CLOCK_TIME, this::expireIdleCameras);
    buffer = context.getStateStore(ExplainTopology.FRAME_BUFFER_STORE);
    // frames restored from the changelog (consumed before a crash or a restart, not yet
    // explained) go first, whatever batch.frames is now
    pending = 0;
    try (KeyValueIterator<Long, byte[]> it = buffer.all()) {
      while (it.hasNext()) {
        it.next();
        pending++;
      }
    }
    if (pending > 0) {
      LOG.info("{} buffered frames restored; they are explained first", pending);
    }
    context.schedule(Duration.ofMillis(options.batchLingerMs()), PunctuationType.WALL_CLOCK_TIME, now -> flush());
  }

  /** Forgets cameras not seen for camera.idle.ms: their components vanish, their state is deleted. */
  private void expireIdleCameras(long now) {
    List<String> idle = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = cameras.all()) {
      while (it.hasNext()) {
        KeyValue<String, byte[]> kv = it.next();
        StreamingState state = CameraStates.decodeOrNull(kv.key, kv.value);
        if (state == null || now - state.lastSeenMs() > options.cameraIdleMs()) {
          idle.add(kv.key);
          if (state != null) {
            for (StreamingState.Component c : state.components()) {
              forwardEvent(kv.key, -1, ComponentEvents.vanished(c.track().id(), "camera idle for more than "
                  + options.cameraIdleMs() + " ms"), now);
            }
          }
        }
      }
    }
    idle.forEach(cameras::delete);
    if (!idle.isEmpty()) {
      LOG.info("expired idle cameras {}", idle);
    }
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    if (record.value() == null) {
      return; // tombstones carry no frame
    }
    RecordMetadata m = context.recordMetadata().orElse(null);
    PendingFrame p = new PendingFrame(record.key(), record.value(), record.timestamp(), m == null ? "" : m.topic(),
        m == null ? -1 : m.partition(), m == null ? -1 : m.offset());
    if (p.value().length > options.maxFrameBytes()) {
      // checked before buffering: an oversized record must not reach the buffer's changelog
      deadLetter(p, "frame record of " + p.value().length + " bytes exceeds frame.max.bytes="
          + options.maxFrameBytes() + ": lower the ingest resolution or JPEG quality, or raise frame.max.bytes");
      return;
    }
    int size = batchSize();
    if (size == 1) {
      flush(); // frames buffered under an earlier setting go first, to keep each camera's order
      explain(List.of(p));
      return;
    }
    buffer.put(p.offset(), p.encode());
    pending++;
    if (pending >= size) {
      flush();
    }
  }

  /**
   * Frames gathered per batch: {@code batch.frames} when set, else (auto) {@link #AUTO_BATCH}
   * where the engine measured batching worth it at load and 1 elsewhere (and until the model
   * is loaded: the first frame loads it, and a model that fails to load is never waited for).
   */
  private int batchSize() {
    if (options.batchFrames() > 0) {
      return options.batchFrames();
    }
    return explainer != null && explainer.model().batchesFrames() ? AUTO_BATCH : 1;
  }

  /** Explains every buffered frame, in offset order, and empties the buffer. */
  private void flush() {
    if (pending == 0) {
      return;
    }
    List<Long> keys = new ArrayList<>();
    List<PendingFrame> batch = new ArrayList<>();
    try (KeyValueIterator<Long, byte[]> it = buffer.all()) {
      while (it.hasNext()) {
        KeyValue<Long, byte[]> kv = it.next();
        keys.add(kv.key);
        try {
          batch.add(PendingFrame.decode(kv.value));
        } catch (IllegalArgumentException e) {
          deadLetter(new PendingFrame(null, kv.value, context.currentSystemTimeMs(), "", -1, kv.key), e.getMessage());
        }
      }
    }
    keys.forEach(buffer::delete);
    pending = 0;
    explain(batch);
  }

  /** Decodes and explains frames (one, or a batch of several cameras), forwarding results in order. */
  private void explain(List<PendingFrame> batch) {
    List<PendingFrame> sources = new ArrayList<>();
    List<Frame> records = new ArrayList<>();
    List<FrameExplainer.BatchFrame> frames = new ArrayList<>();
    List<Double> decodeMs = new ArrayList<>();
    for (PendingFrame p : batch) {
      long t0 = System.nanoTime();
      Frame frame;
      try {
        frame = Topics.FRAME_SERDE.decode(p.value());
      } catch (RuntimeException e) {
        deadLetter(p, e.getMessage());
        continue;
      }
      try {
        BufferedImage image = decodeImage(frame);
        // last-seen is processing time, so a processor that lags its cameras never expires a live one
        frames.add(new FrameExplainer.BatchFrame(image, frame.getCameraId(), context.currentSystemTimeMs()));
        sources.add(p);
        records.add(frame);
        decodeMs.add((System.nanoTime() - t0) / 1e6);
      } catch (IllegalArgumentException e) {
        deadLetter(p, where(frame) + ": " + e.getMessage());
      }
    }
    if (frames.isEmpty()) {
      return;
    }
    List<FrameExplainer.Outcome> outcomes;
    Map<String, StreamingState> states = new HashMap<>();
    try {
      FrameExplainer explainer = explainer();
      if (explainer.streaming()) {
        for (FrameExplainer.BatchFrame f : frames) {
          if (!states.containsKey(f.camera())) {
            states.put(f.camera(), CameraStates.decodeOrNull(f.camera(), cameras.get(f.camera())));
          }
        }
      }
      outcomes = explainer.explainBatch(frames, states);
    } catch (RuntimeException e) {
      for (int i = 0; i < frames.size(); i++) {
        LOG.warn("{}: explanation failed: {}", where(records.get(i)), e.toString());
        deadLetter(sources.get(i), where(records.get(i)) + ": explanation failed: " + e);
      }
      return;
    }
    for (int i = 0; i < frames.size(); i++) {
      publish(sources.get(i), records.get(i), outcomes.get(i), decodeMs.get(i));
    }
  }

  /** Forwards one frame's explanation and events and stores its camera's state, or dead-letters it. */
  private void publish(PendingFrame source, Frame frame, FrameExplainer.Outcome outcome, double decodeMs) {
    String camera = frame.getCameraId();
    if (outcome.error() != null) {
      LOG.warn("{}: explanation failed: {}", where(frame), outcome.error().toString());
      deadLetter(source, where(frame) + ": explanation failed: " + outcome.error());
      return;
    }
    ExplainedFrame explained = outcome.frame();
    Explanation explanation;
    try {
      double explainMs = explained.timingsMs().getOrDefault("explain", 0.0);
      explanation = ExplanationMapper.toRecord(camera, frame.getSequence(), frame.getCaptureTimestampMs(), explained,
          explainer.model().spec(), explainer.method().name(), explainer.method().mode(),
          Map.of("decode", decodeMs, "total", decodeMs + explainMs));
    } catch (RuntimeException e) {
      deadLetter(source, where(frame) + ": explanation failed: " + e);
      return;
    }
    List<TrackEvent> events = List.of();
    if (explained.streaming() != null) {
      StreamingDecomCam.Frame step = explained.streaming();
      cameras.put(camera, StreamingStateCodec.encode(step.state()));
      events = step.events();
      metrics.streamed(camera, step.scoring().reset(), step.scoring().changed(), step.scoring().refresh(), step.reset());
    }
    context.forward(new Record<>(camera, explanation, source.timestamp()), ExplainTopology.EXPLANATIONS_SINK);
    for (TrackEvent e : events) {
      forwardEvent(camera, frame.getSequence(), e, source.timestamp());
    }
    metrics.explained(camera, explanation.getTimingsMs().getOrDefault("total", 0f) / 1e3,
        System.currentTimeMillis() - frame.getCaptureTimestampMs());
  }

  private FrameExplainer explainer() {
    if (explainer == null) {
      explainer = explainers.get();
    }
    return explainer;
  }

  private static String where(Frame frame) {
    return "frame " + frame.getCameraId() + "#" + frame.getSequence();
  }

  private void forwardEvent(String camera, long sequence, TrackEvent e, long timestamp) {
    context.forward(new Record<>(camera, ComponentEvents.toRecord(camera, sequence, e), timestamp),
        ExplainTopology.EVENTS_SINK);
  }

  private static BufferedImage decodeImage(Frame frame) {
    if (!"jpeg".equalsIgnoreCase(frame.getEncoding()) && !"png".equalsIgnoreCase(frame.getEncoding())) {
      throw new IllegalArgumentException("unsupported image encoding '" + frame.getEncoding()
          + "': publish frames as jpeg or png");
    }
    byte[] bytes = new byte[frame.getImage().remaining()];
    frame.getImage().duplicate().get(bytes);
    BufferedImage img;
    try {
      img = ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (IOException | RuntimeException e) {
      img = null;
    }
    if (img == null) {
      throw new IllegalArgumentException("image bytes (" + bytes.length + ") are not a decodable "
          + frame.getEncoding() + " image: check the producer's encoder");
    }
    return img;
  }

  private void deadLetter(PendingFrame p, String reason) {
    LOG.warn("dead-letter {}[{}]@{}: {}", p.topic(), p.partition(), p.offset(), reason);
    Record<Object, Object> out = new Record<>(p.key(), p.value(), p.timestamp(),
        DeadLetters.headers("explain-processor", reason, p.topic(), p.partition(), p.offset()));
    context.forward(out, ExplainTopology.DEAD_LETTER_SINK);
    metrics.deadLettered(reason);
  }
}
