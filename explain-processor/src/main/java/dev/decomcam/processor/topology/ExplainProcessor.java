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
import java.util.List;
import java.util.Map;
import dev.decomcam.processor.decom.StreamingState;
import dev.decomcam.processor.decom.StreamingStateCodec;
import dev.decomcam.processor.track.ComponentEvent;
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
 */
final class ExplainProcessor implements Processor<byte[], byte[], Object, Object> {
  private static final Logger LOG = LoggerFactory.getLogger(ExplainProcessor.class);

  private final Supplier<FrameExplainer> explainers;
  private final ExplainTopology.Options options;
  private final ExplainMetrics metrics;
  private ProcessorContext<Object, Object> context;
  private FrameExplainer explainer;
  private KeyValueStore<String, byte[]> cameras;

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
    long t0 = System.nanoTime();
    byte[] value = record.value();
    if (value == null) {
      return; // tombstones carry no frame
    }
    if (value.length > options.maxFrameBytes()) {
      deadLetter(record, "frame record of " + value.length + " bytes exceeds frame.max.bytes="
          + options.maxFrameBytes() + ": lower the ingest resolution or JPEG quality, or raise frame.max.bytes");
      return;
    }
    Frame frame;
    try {
      frame = Topics.FRAME_SERDE.decode(value);
    } catch (RuntimeException e) {
      deadLetter(record, e.getMessage());
      return;
    }
    String where = "frame " + frame.getCameraId() + "#" + frame.getSequence();
    BufferedImage image;
    try {
      image = decodeImage(frame);
    } catch (IllegalArgumentException e) {
      deadLetter(record, where + ": " + e.getMessage());
      return;
    }
    long t1 = System.nanoTime();
    Explanation explanation;
    List<ComponentEvent> events = List.of();
    try {
      if (explainer == null) {
        explainer = explainers.get();
      }
      String camera = frame.getCameraId();
      StreamingState previous = explainer.streaming() ? CameraStates.decodeOrNull(camera, cameras.get(camera)) : null;
      // last-seen is processing time, so a processor that lags its cameras never expires a live one
      ExplainedFrame explained = explainer.explain(image, context.currentSystemTimeMs(), previous);
      explanation = ExplanationMapper.toRecord(camera, frame.getSequence(), frame.getCaptureTimestampMs(), explained,
          explainer.model().spec(), explainer.method().name(), explainer.method().mode(),
          Map.of("decode", (t1 - t0) / 1e6, "total", (System.nanoTime() - t0) / 1e6));
      if (explained.streaming() != null) {
        // only once the record is built: a frame that fails is dead-lettered and leaves the state as it was
        cameras.put(camera, StreamingStateCodec.encode(explained.streaming().state()));
        events = explained.streaming().events();
      }
    } catch (RuntimeException e) {
      LOG.warn("{}: explanation failed: {}", where, e.toString());
      deadLetter(record, where + ": explanation failed: " + e);
      return;
    }
    context.forward(new Record<>(frame.getCameraId(), explanation, record.timestamp()), ExplainTopology.EXPLANATIONS_SINK);
    for (ComponentEvent e : events) {
      forwardEvent(frame.getCameraId(), frame.getSequence(), e, record.timestamp());
    }
    metrics.explained(frame.getCameraId(), (System.nanoTime() - t0) / 1e9,
        System.currentTimeMillis() - frame.getCaptureTimestampMs());
  }

  private void forwardEvent(String camera, long sequence, ComponentEvent e, long timestamp) {
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

  private void deadLetter(Record<byte[], byte[]> record, String reason) {
    RecordMetadata m = context.recordMetadata().orElse(null);
    String topic = m == null ? "" : m.topic();
    int partition = m == null ? -1 : m.partition();
    long offset = m == null ? -1 : m.offset();
    LOG.warn("dead-letter {}[{}]@{}: {}", topic, partition, offset, reason);
    Record<Object, Object> out = new Record<>(record.key(), record.value(), record.timestamp(),
        DeadLetters.headers("explain-processor", reason, topic, partition, offset));
    context.forward(out, ExplainTopology.DEAD_LETTER_SINK);
    metrics.deadLettered(reason);
  }
}
