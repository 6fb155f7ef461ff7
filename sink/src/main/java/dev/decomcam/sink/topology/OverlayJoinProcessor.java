package dev.decomcam.sink.topology;

import dev.decomcam.common.image.JpegCodec;
import dev.decomcam.schemas.Explanation;
import dev.decomcam.schemas.Frame;
import dev.decomcam.schemas.Overlay;
import dev.decomcam.schemas.serde.DeadLetters;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins frames and explanations of each camera by sequence number and emits one rendered
 * {@link Overlay} per explained frame.
 *
 * <p>Rules, relying on each topic being in sequence order per camera (one partition per camera):
 * <ul>
 *   <li>a frame waits in the frame store; if its explanation is already waiting, both are
 *       rendered at once;</li>
 *   <li>an explanation with its frame waiting is rendered; frames of that camera with lower
 *       sequences are dropped, since explanations come in order and theirs will never come;</li>
 *   <li>an explanation ahead of its frame waits in the explanation store until the frame comes
 *       or a later frame shows it never will (then it is dead-lettered);</li>
 *   <li>an explanation at or below the last rendered sequence is a duplicate and is dropped;</li>
 *   <li>a frame whose sequence does not exceed the camera's last one means the camera's ingest
 *       restarted from 0: the camera's pending state is reset;</li>
 *   <li>at most {@code maxPendingFrames} frames wait per camera; older ones are purged.</li>
 * </ul>
 * Since each overlay is emitted at the later of its two arrivals and both topics are ordered,
 * overlays leave in sequence order. Records that fail to decode or render go to the dead-letter
 * topic with their original bytes; processing continues.
 */
final class OverlayJoinProcessor implements Processor<byte[], byte[], Object, Object> {
  private static final Logger log = LoggerFactory.getLogger(OverlayJoinProcessor.class);

  private final SinkTopology.Deps deps;
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<Bytes, byte[]> frames;
  private KeyValueStore<Bytes, byte[]> explanations;
  private KeyValueStore<String, byte[]> progress;

  /** Last frame sequence seen and last sequence rendered, per camera; -1 = none. */
  private record Progress(long lastFrame, long lastRendered) {
    static final Progress NONE = new Progress(-1, -1);

    byte[] bytes() {
      return ByteBuffer.allocate(16).putLong(lastFrame).putLong(lastRendered).array();
    }

    static Progress of(byte[] b) {
      if (b == null) {
        return NONE;
      }
      ByteBuffer buf = ByteBuffer.wrap(b);
      return new Progress(buf.getLong(), buf.getLong());
    }
  }

  OverlayJoinProcessor(SinkTopology.Deps deps) {
    this.deps = deps;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.frames = context.getStateStore(SinkTopology.FRAME_STORE);
    this.explanations = context.getStateStore(SinkTopology.EXPLANATION_STORE);
    this.progress = context.getStateStore(SinkTopology.PROGRESS_STORE);
  }

  @Override
  public void process(Record<byte[], byte[]> r) {
    RecordMetadata meta = context.recordMetadata().orElse(null);
    boolean isFrame = meta != null && meta.topic().equals(deps.frames().name());
    if (r.value() == null || r.value().length == 0) {
      deadLetter(r.key(), r.value(), r.timestamp(), "decode", "empty record value: producers must send a "
          + (isFrame ? "Frame" : "Explanation"), meta);
      return;
    }
    if (isFrame) {
      Frame f;
      try {
        f = deps.frames().valueSerde().deserializer().deserialize(meta.topic(), r.value());
      } catch (RuntimeException e) {
        deadLetter(r.key(), r.value(), r.timestamp(), "decode-frame", e.getMessage(), meta);
        return;
      }
      onFrame(f, r, meta);
    } else {
      Explanation e;
      try {
        e = deps.explanations().valueSerde().deserializer().deserialize(meta == null ? null : meta.topic(), r.value());
      } catch (RuntimeException ex) {
        deadLetter(r.key(), r.value(), r.timestamp(), "decode-explanation", ex.getMessage(), meta);
        return;
      }
      onExplanation(e, r, meta);
    }
  }

  private void onFrame(Frame f, Record<byte[], byte[]> r, RecordMetadata meta) {
    String cam = f.getCameraId();
    long seq = f.getSequence();
    Progress p = Progress.of(progress.get(cam));
    if (seq <= p.lastFrame()) {
      log.info("camera {}: frame sequence {} after {}: ingest restarted, resetting the camera's join state",
          cam, seq, p.lastFrame());
      deleteBelow(frames, cam, Long.MAX_VALUE);
      deleteBelow(explanations, cam, Long.MAX_VALUE);
      p = Progress.NONE;
    }
    p = new Progress(seq, p.lastRendered());
    Bytes key = PendingKey.of(cam, seq);
    byte[] waiting = explanations.get(key);
    if (waiting != null && !sameRun(waiting, f.getCaptureTimestampMs())) {
      explanations.delete(key);
      deadLetter(cam.getBytes(StandardCharsets.UTF_8), waiting, r.timestamp(), "join", staleRun(cam, seq), null);
      waiting = null;
    }
    if (waiting != null) {
      explanations.delete(key);
      deleteBelow(frames, cam, seq); // never explained: a later explanation already came
      p = emit(cam, seq, r.value(), waiting, r.timestamp(), p, null);
    } else {
      frames.put(key, r.value());
    }
    // explanations older than this frame can never meet theirs now
    for (KeyValue<Bytes, byte[]> orphan : deleteBelow(explanations, cam, seq)) {
      deadLetter(cam.getBytes(StandardCharsets.UTF_8), orphan.value, r.timestamp(), "join",
          "explanation " + cam + "#" + PendingKey.sequence(orphan.key)
              + " has no frame (purged or never published): raise pending.frames.max if frames were purged", null);
    }
    long purged = deleteBelow(frames, cam, seq - deps.maxPendingFrames() + 1).size();
    if (purged > 0) {
      log.debug("camera {}: purged {} frames waiting longer than {} frames", cam, purged, deps.maxPendingFrames());
    }
    progress.put(cam, p.bytes());
  }

  private void onExplanation(Explanation e, Record<byte[], byte[]> r, RecordMetadata meta) {
    String cam = e.getCameraId();
    long seq = e.getSequence();
    Progress p = Progress.of(progress.get(cam));
    if (seq <= p.lastRendered()) {
      log.debug("camera {}: duplicate explanation {} (rendered up to {}) dropped", cam, seq, p.lastRendered());
      return;
    }
    Bytes key = PendingKey.of(cam, seq);
    byte[] frame = frames.get(key);
    if (frame != null && !sameRun(r.value(), captureOf(frame))) {
      deadLetter(r.key(), r.value(), r.timestamp(), "join", staleRun(cam, seq), meta);
      return;
    }
    if (frame != null) {
      frames.delete(key);
      deleteBelow(frames, cam, seq); // explanations come in order: these frames are never explained
      p = emit(cam, seq, frame, r.value(), r.timestamp(), p, meta);
      progress.put(cam, p.bytes());
    } else if (seq <= p.lastFrame()) {
      deadLetter(r.key(), r.value(), r.timestamp(), "join", "explanation " + cam + "#" + seq
          + " has no frame (purged or never published): raise pending.frames.max if frames were purged", meta);
    } else {
      explanations.put(key, r.value());
    }
  }

  /**
   * Sequence numbers restart at 0 with every ingest run, so camera + sequence alone could pair a
   * late explanation of an earlier run with a new frame: the capture time, carried by both, tells.
   */
  private boolean sameRun(byte[] explanationBytes, long frameCaptureMs) {
    Explanation e = deps.explanations().valueSerde().deserializer().deserialize(deps.explanations().name(),
        explanationBytes);
    return e.getCaptureTimestampMs() == frameCaptureMs;
  }

  private long captureOf(byte[] frameBytes) {
    return deps.frames().valueSerde().deserializer().deserialize(deps.frames().name(), frameBytes)
        .getCaptureTimestampMs();
  }

  private static String staleRun(String cam, long seq) {
    return "explanation " + cam + "#" + seq + " belongs to an earlier ingest run of this camera (its capture time"
        + " differs from the frame's): dropped; the frame waits for its own explanation";
  }

  /** Renders and forwards one overlay; a failure dead-letters the explanation's bytes. */
  private Progress emit(String cam, long seq, byte[] frameBytes, byte[] explanationBytes, long timestamp,
      Progress p, RecordMetadata explanationMeta) {
    try {
      long t0 = System.nanoTime();
      Frame f = deps.frames().valueSerde().deserializer().deserialize(deps.frames().name(), frameBytes);
      Explanation e = deps.explanations().valueSerde().deserializer()
          .deserialize(deps.explanations().name(), explanationBytes);
      BufferedImage img = JpegCodec.decode(bytes(f.getImage()));
      long latency = Math.max(0, deps.clock().getAsLong() - f.getCaptureTimestampMs());
      BufferedImage drawn = deps.renderer().render(img, e, latency);
      JpegCodec.Encoded jpeg = deps.jpeg().encode(drawn);
      Overlay o = Overlay.newBuilder()
          .setCameraId(cam)
          .setSequence(seq)
          .setCaptureTimestampMs(f.getCaptureTimestampMs())
          .setWidth(jpeg.width())
          .setHeight(jpeg.height())
          .setEncoding("jpeg")
          .setImage(ByteBuffer.wrap(jpeg.bytes()))
          .setLabel(e.getPredictedLabel())
          .setScore(e.getPredictedScore())
          .setLatencyMs(latency)
          .setRenderMs((System.nanoTime() - t0) / 1e6f)
          .build();
      context.forward(new Record<Object, Object>(cam, o, timestamp, new RecordHeaders()), SinkTopology.OVERLAYS_SINK);
      return new Progress(p.lastFrame(), seq);
    } catch (RuntimeException ex) {
      deadLetter(cam.getBytes(StandardCharsets.UTF_8), explanationBytes, timestamp, "render",
          "camera " + cam + " sequence " + seq + ": " + ex.getMessage(), explanationMeta);
      return p;
    }
  }

  /** Removes and returns a camera's entries with sequence below {@code bound}. */
  private static List<KeyValue<Bytes, byte[]>> deleteBelow(KeyValueStore<Bytes, byte[]> store, String cam, long bound) {
    List<KeyValue<Bytes, byte[]>> out = new ArrayList<>();
    if (bound <= 0) {
      return out;
    }
    try (KeyValueIterator<Bytes, byte[]> it = store.range(PendingKey.of(cam, 0), PendingKey.of(cam, bound - 1))) {
      it.forEachRemaining(out::add);
    }
    out.forEach(kv -> store.delete(kv.key));
    return out;
  }

  private void deadLetter(byte[] key, byte[] value, long timestamp, String stage, String error, RecordMetadata meta) {
    String oneLine = DeadLetters.oneLine(error);
    log.warn("dead letter ({}): {}", stage, oneLine);
    var headers = DeadLetters.headers(stage, oneLine, meta == null ? deps.explanations().name() : meta.topic(),
        meta == null ? -1 : meta.partition(), meta == null ? -1 : meta.offset());
    context.forward(new Record<Object, Object>(key, value, timestamp, headers), SinkTopology.DEAD_LETTER_SINK);
  }

  private static byte[] bytes(ByteBuffer b) {
    ByteBuffer d = b.duplicate();
    byte[] out = new byte[d.remaining()];
    d.get(out);
    return out;
  }
}
