package dev.decomcam.sink.topology;

import dev.decomcam.schemas.Explanation;
import dev.decomcam.schemas.Frame;
import dev.decomcam.schemas.Overlay;
import dev.decomcam.schemas.serde.RecordRules;
import dev.decomcam.sink.SinkConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins frames and explanations of each camera by sequence number and emits one rendered {@link
 * Overlay} per frame that has an explanation or a skip record.
 *
 * <p>Rules, relying on each topic being in sequence order per camera (one partition per camera):
 *
 * <ul>
 *   <li>a frame waits in the frame store; if its explanation is already waiting, both are rendered
 *       at once;
 *   <li>an explanation with its frame waiting is rendered; frames of that camera with lower
 *       sequences are dropped, since explanations come in order and theirs will never come;
 *   <li>an explanation ahead of its frame waits in the explanation store until the frame comes or a
 *       later frame shows it never will (then it is dead-lettered);
 *   <li>an explanation at or below the last rendered sequence is a duplicate and is dropped;
 *   <li>a frame of sequence 0 that does not exceed the camera's last one means the camera's ingest
 *       restarted: the camera's pending state is reset; any other frame whose sequence does not
 *       exceed the last one is dead-lettered;
 *   <li>records over {@code record.max.bytes}, and records whose camera id or sequence breaks
 *       {@link RecordRules}, are dead-lettered before anything is stored;
 *   <li>a record of a new camera beyond {@code cameras.max} is dead-lettered, and a camera with no
 *       record for {@code camera.idle.ms} is forgotten ({@link JoinCameras});
 *   <li>at most {@code maxPendingFrames} frames wait per live camera, {@code
 *       maxPendingRecordingFrames} per recording camera; older ones are purged;
 *   <li>a skip record (the processor skipped the frame of a live camera under overload) joins like
 *       an explanation, and its frame is drawn with the camera's latest real explanation, or alone
 *       when there is none yet; a real explanation, once drawn, becomes the camera's latest.
 *       Restarting a camera's ingest forgets its latest explanation with the rest of its state;
 *   <li>a live frame still waiting for its explanation or skip record {@code
 *       overlay.explanation.wait.ms} after its capture ({@link
 *       dev.decomcam.sink.live.CatchUp#overdue}) is drawn like a skipped frame, from a wall-clock
 *       punctuation, with the frames before it: the processor is down or the camera is moving to
 *       another instance, and its overlays keep coming. The processor's record for it, when it
 *       comes, is at or below the last rendered sequence and dropped as above.
 * </ul>
 *
 * Since each overlay is emitted at the later of its two arrivals and both topics are ordered,
 * overlays leave in sequence order. Records that fail to decode or render go to the dead-letter
 * topic with their original bytes; processing continues.
 *
 * <p>This class holds the join rules only; the waiting records are kept by {@link PendingStore}s,
 * per-camera progress by {@link JoinProgress}, each camera's latest explanation by {@link
 * LatestExplanations}, decoding by {@link JoinRecords}, the overlay is made by {@link OverlayMaker}
 * and rejects leave through {@link DeadLetterForwarder}.
 */
final class OverlayJoinProcessor implements Processor<byte[], byte[], Object, Object> {
  private static final Logger LOG = LoggerFactory.getLogger(OverlayJoinProcessor.class);

  private final SinkTopology.Deps deps;
  private final JoinRecords records;
  private final OverlayMaker overlays;
  private ProcessorContext<Object, Object> context;
  private PendingStore frames;
  private PendingStore explanations;
  private KeyValueStore<String, byte[]> progress;
  private LatestExplanations latest;
  private DeadLetterForwarder deadLetters;
  private JoinCameras cameras;

  /** Cameras whose last overlay was drawn without its explanation, for one log line per outage. */
  private final Set<String> overdue = new HashSet<>();

  OverlayJoinProcessor(SinkTopology.Deps deps) {
    this.deps = deps;
    this.records = new JoinRecords(deps);
    this.overlays = new OverlayMaker(deps);
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.frames = new PendingStore(context.getStateStore(SinkTopology.FRAME_STORE));
    this.explanations = new PendingStore(context.getStateStore(SinkTopology.EXPLANATION_STORE));
    this.progress = context.getStateStore(SinkTopology.PROGRESS_STORE);
    this.latest = new LatestExplanations(context.getStateStore(SinkTopology.LATEST_STORE), records);
    this.deadLetters = new DeadLetterForwarder(context, deps.explanations().name(), deps.metrics());
    this.cameras = new JoinCameras(context, deps.cameras(), deps.cameraIdleMs(), this::forget);
    long waitMs = deps.catchUp().explanationWaitMs();
    if (waitMs > 0) {
      context.schedule(
          Duration.ofMillis(Math.max(20, Math.min(250, waitMs / 4))),
          PunctuationType.WALL_CLOCK_TIME,
          ignored -> drawOverdue(deps.clock().getAsLong()));
    }
  }

  @Override
  public void close() {
    if (cameras != null) {
      cameras.release();
    }
  }

  @Override
  public void process(Record<byte[], byte[]> r) {
    RecordMetadata meta = context.recordMetadata().orElse(null);
    boolean isFrame = meta != null && meta.topic().equals(deps.frames().name());
    if (r.value() == null || r.value().length == 0) {
      deadLetters.forward(
          r.key(),
          r.value(),
          r.timestamp(),
          "decode",
          "empty record value: producers must send a " + (isFrame ? "Frame" : "Explanation"),
          meta);
      return;
    }
    if (r.value().length > deps.maxRecordBytes()) {
      // checked before anything is stored: the stores' changelogs take records up to this size
      deadLetters.forward(
          r.key(),
          r.value(),
          r.timestamp(),
          isFrame ? "decode-frame" : "decode-explanation",
          (isFrame ? "frame" : "explanation")
              + " record of "
              + r.value().length
              + " bytes exceeds record.max.bytes="
              + deps.maxRecordBytes()
              + ": lower the ingest resolution or JPEG quality, or raise record.max.bytes",
          meta);
      return;
    }
    if (isFrame) {
      Frame f;
      try {
        f = records.frame(meta.topic(), r.value());
        // before its camera id becomes a store key or reaches a log line
        RecordRules.check(f);
      } catch (RuntimeException e) {
        deadLetters.forward(
            r.key(), r.value(), r.timestamp(), "decode-frame", e.getMessage(), meta);
        return;
      }
      if (!admitted(f.getCameraId(), "frame " + f.getCameraId() + "#" + f.getSequence(), r, meta)) {
        return;
      }
      onFrame(f, r, meta);
    } else {
      Explanation e;
      try {
        e = records.explanation(meta == null ? null : meta.topic(), r.value());
        RecordRules.check(e);
      } catch (RuntimeException ex) {
        deadLetters.forward(
            r.key(), r.value(), r.timestamp(), "decode-explanation", ex.getMessage(), meta);
        return;
      }
      String what = "explanation " + e.getCameraId() + "#" + e.getSequence();
      if (!admitted(e.getCameraId(), what, r, meta)) {
        return;
      }
      onExplanation(e, r, meta);
    }
  }

  /**
   * Whether the camera is kept ({@link JoinCameras}: noted as seen now); a new camera beyond {@code
   * cameras.max} is not, and its record is dead-lettered.
   */
  private boolean admitted(String cam, String what, Record<byte[], byte[]> r, RecordMetadata meta) {
    if (cameras.admit(cam)) {
      return true;
    }
    deadLetters.forward(r.key(), r.value(), r.timestamp(), "cameras", cameras.refusal(what), meta);
    return false;
  }

  /** Deletes every entry of a camera idle for {@code camera.idle.ms} ({@link JoinCameras}). */
  private void forget(String cam) {
    int waiting = frames.forget(cam);
    explanations.forget(cam);
    latest.clear(cam);
    progress.delete(cam);
    overdue.remove(cam);
    if (waiting > 0) {
      LOG.debug("camera {}: forgotten while {} frames waited for explanations", cam, waiting);
    }
  }

  private void onFrame(Frame f, Record<byte[], byte[]> r, RecordMetadata meta) {
    String cam = f.getCameraId();
    long seq = f.getSequence();
    JoinProgress p = JoinProgress.of(progress.get(cam));
    if (seq <= p.lastFrame() && seq != 0) {
      // a restarted ingest begins again at 0; any other step back is not this camera's stream,
      // and taking it for a restart would drop every frame of the camera waiting for its overlay
      deadLetters.forward(
          r.key(),
          r.value(),
          r.timestamp(),
          "join",
          "frame "
              + cam
              + "#"
              + seq
              + " after #"
              + p.lastFrame()
              + ": a camera's sequence must increase (a restarted ingest starts again at 0):"
              + " check that only one ingest publishes this camera id",
          meta);
      return;
    }
    if (seq <= p.lastFrame()) {
      LOG.info(
          "camera {}: frame sequence {} after {}: ingest restarted, resetting the camera's join"
              + " state",
          cam,
          seq,
          p.lastFrame());
      frames.clear(cam);
      explanations.clear(cam);
      latest.clear(cam);
      p = JoinProgress.NONE;
    }
    // what the stores can hold, so that the scans below start there: a camera's explanations above
    // its last frame (each frame removes those below it), and its frames above its last rendered
    // sequence (rendering one removes those below it) and not older than the last frame's purge
    // (the same bound: a camera's frames are all live or all recorded)
    long previousFrame = p.lastFrame();
    p = p.withFrame(seq, f.getCaptureTimestampMs());
    byte[] waiting = explanations.get(cam, seq);
    Explanation e = waiting == null ? null : records.explanation(waiting);
    if (e != null && !JoinRecords.sameRun(e, f)) {
      explanations.delete(cam, seq);
      deadLetters.forward(
          cam.getBytes(StandardCharsets.UTF_8),
          waiting,
          r.timestamp(),
          "join",
          staleRun(cam, seq),
          null);
      e = null;
    }
    if (e != null) {
      explanations.delete(cam, seq);
      // never explained: a later explanation already came
      frames.removeBetween(cam, p.lastRendered() + 1, seq);
      // its explanation came first: the join did not wait for the next frame (no allowance)
      p = emit(cam, seq, f, e, waiting, r.timestamp(), p, -1, null);
    } else {
      frames.put(cam, seq, r.value());
    }
    // explanations older than this frame can never meet theirs now
    for (KeyValue<Bytes, byte[]> orphan : explanations.removeBetween(cam, previousFrame + 1, seq)) {
      deadLetters.forward(
          cam.getBytes(StandardCharsets.UTF_8),
          orphan.value,
          r.timestamp(),
          "join",
          noFrame(cam, PendingKey.sequence(orphan.key)),
          null);
    }
    // a live camera's old frames are worth less than memory; a recording's every frame is owed an
    // overlay, so it keeps them (on disk) much longer
    int keep = f.getLive() ? deps.maxPendingFrames() : deps.maxPendingRecordingFrames();
    long from = Math.max(p.lastRendered() + 1, previousFrame - keep + 1);
    long purged = frames.removeBetween(cam, from, seq - keep + 1).size();
    if (purged > 0) {
      LOG.debug("camera {}: purged {} frames waiting longer than {} frames", cam, purged, keep);
    }
    progress.put(cam, p.bytes());
  }

  private void onExplanation(Explanation e, Record<byte[], byte[]> r, RecordMetadata meta) {
    String cam = e.getCameraId();
    long seq = e.getSequence();
    JoinProgress p = JoinProgress.of(progress.get(cam));
    if (seq <= p.lastRendered()) {
      // a live frame drawn without it (overdue), or a duplicate
      LOG.debug(
          "camera {}: explanation {} of a frame already drawn (up to {}) dropped",
          cam,
          seq,
          p.lastRendered());
      return;
    }
    byte[] waiting = frames.get(cam, seq);
    Frame frame = waiting == null ? null : records.frame(waiting);
    if (frame != null && !JoinRecords.sameRun(e, frame)) {
      deadLetters.forward(r.key(), r.value(), r.timestamp(), "join", staleRun(cam, seq), meta);
      return;
    }
    if (frame != null) {
      frames.delete(cam, seq);
      // explanations come in order: these frames are never explained
      frames.removeBetween(cam, p.lastRendered() + 1, seq);
      p = emit(cam, seq, frame, e, r.value(), r.timestamp(), p, p.frameIntervalMs(), meta);
      progress.put(cam, p.bytes());
    } else if (seq <= p.lastFrame()) {
      deadLetters.forward(r.key(), r.value(), r.timestamp(), "join", noFrame(cam, seq), meta);
    } else {
      explanations.put(cam, seq, r.value());
    }
  }

  private static String staleRun(String cam, long seq) {
    return "explanation "
        + cam
        + "#"
        + seq
        + " belongs to an earlier ingest run of this camera (its capture time"
        + " differs from the frame's): dropped; the frame waits for its own explanation";
  }

  private static String noFrame(String cam, long seq) {
    return "explanation "
        + cam
        + "#"
        + seq
        + " has no frame (purged or never published): raise pending.frames.max if frames were"
        + " purged";
  }

  /**
   * Draws, at {@code now} (the clock overlay latencies are measured with), each camera's waiting
   * live frames whose explanation is overdue, oldest first, up to its first frame still in time
   * (frames wait in capture order).
   */
  private void drawOverdue(long now) {
    List<KeyValue<String, byte[]>> cams = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = progress.all()) {
      it.forEachRemaining(cams::add);
    }
    for (KeyValue<String, byte[]> kv : cams) {
      String cam = kv.key;
      JoinProgress p = JoinProgress.of(kv.value);
      if (p.lastRendered() >= p.lastFrame()) {
        continue; // no frame waits
      }
      long before = p.lastRendered();
      // one frame at a time: a recording's first waiting frame ends the camera's turn, however
      // many wait behind it
      for (KeyValue<Bytes, byte[]> waiting =
              frames.first(cam, p.lastRendered() + 1, p.lastFrame() + 1);
          waiting != null;
          waiting = frames.first(cam, p.lastRendered() + 1, p.lastFrame() + 1)) {
        Frame f = records.frame(waiting.value);
        if (!deps.catchUp().overdue(f.getLive(), f.getCaptureTimestampMs(), now)) {
          break;
        }
        long seq = PendingKey.sequence(waiting.key);
        frames.delete(cam, seq);
        p = emitOverdue(cam, seq, f, waiting.value, p);
      }
      if (p.lastRendered() != before) {
        progress.put(cam, p.bytes());
        if (overdue.add(cam)) {
          LOG.warn(
              "camera {}: live frames still without an explanation {} ms after capture ({}):"
                  + " drawn with the camera's latest explanation; check that the explain-processor"
                  + " is running",
              cam,
              deps.catchUp().explanationWaitMs(),
              SinkConfig.OVERLAY_EXPLANATION_WAIT);
        }
      }
    }
  }

  /**
   * Forwards the overlay of an overdue live frame drawn with its camera's latest explanation; a
   * failure dead-letters the frame's bytes. Either way the frame counts as rendered, so that the
   * processor's record for it is dropped when it comes.
   */
  private JoinProgress emitOverdue(
      String cam, long seq, Frame f, byte[] frameBytes, JoinProgress p) {
    try {
      Overlay o = overlays.overdue(cam, seq, f, latest.get(cam));
      context.forward(
          new Record<Object, Object>(cam, o, f.getCaptureTimestampMs(), new RecordHeaders()),
          SinkTopology.OVERLAYS_SINK);
    } catch (RuntimeException ex) {
      deadLetters.forward(
          cam.getBytes(StandardCharsets.UTF_8),
          frameBytes,
          f.getCaptureTimestampMs(),
          "render",
          "camera " + cam + " sequence " + seq + ": " + ex.getMessage(),
          null);
    }
    return p.withRendered(seq);
  }

  /**
   * Forwards the overlay of a joined pair, drawn with the frame's own explanation (which then
   * becomes the camera's latest, for a live camera) or, for a skip record, with the camera's
   * latest; a failure dead-letters the explanation's bytes. {@code f} and {@code e} are the decoded
   * frame and explanation, {@code explanationBytes} the explanation as it came; {@code
   * waitIntervalMs} the frame interval the explanation may have waited for the camera's next frame
   * (negative = it did not wait), which {@link dev.decomcam.sink.live.CatchUp} does not count as
   * the sink being late.
   */
  private JoinProgress emit(
      String cam,
      long seq,
      Frame f,
      Explanation e,
      byte[] explanationBytes,
      long timestamp,
      JoinProgress p,
      long waitIntervalMs,
      RecordMetadata explanationMeta) {
    try {
      Overlay o;
      if (e.getSkipped()) {
        o = overlays.skipped(cam, seq, f, latest.get(cam), e.getSkipReason(), waitIntervalMs);
      } else {
        o = overlays.explained(cam, seq, f, e, waitIntervalMs);
        if (f.getLive()) {
          // only a live camera's frames are ever skipped: a recording's explanations are not kept
          latest.put(cam, explanationBytes, e);
        }
      }
      context.forward(
          new Record<Object, Object>(cam, o, timestamp, new RecordHeaders()),
          SinkTopology.OVERLAYS_SINK);
      if (overdue.remove(cam)) {
        LOG.info("camera {}: explanations come in time again", cam);
      }
      return p.withRendered(seq);
    } catch (RuntimeException ex) {
      deadLetters.forward(
          cam.getBytes(StandardCharsets.UTF_8),
          explanationBytes,
          timestamp,
          "render",
          "camera " + cam + " sequence " + seq + ": " + ex.getMessage(),
          explanationMeta);
      return p;
    }
  }
}
